using Microsoft.DurableTask;
using SkyHedge.Control.Controller;
using SkyHedge.Control.State;

namespace SkyHedge.Control.Activities;

/// <summary>Removes a deleted service's row once its replicas are gone.</summary>
[DurableTask(ControllerActivities.FinishService)]
public sealed class FinishServiceActivity(IStateStore store) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => store.DeleteServiceAsync(input);
}
