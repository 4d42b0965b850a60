using Microsoft.DurableTask;

namespace SkyHedge.Control.Tests.Router;

/// <summary>The context an activity class sees when a test runs it directly (it reads neither field).</summary>
internal sealed class TestActivityContext(string name) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId => "test";
}
