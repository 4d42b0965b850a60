using Microsoft.DurableTask;

namespace SkyHedge.Functions.Activities;

/// <summary>The <see cref="TaskActivityContext"/> a wrapped activity class sees: the Functions trigger knows the
/// activity's name and its orchestration's instance id, which is all the context carries.</summary>
internal sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
