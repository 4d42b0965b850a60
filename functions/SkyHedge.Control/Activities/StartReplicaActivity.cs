using System.Security.Cryptography;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Activities;

/// <summary>Starts the replica's lifecycle orchestration; its instance id comes from the replica id, so a second
/// start is a no-op.</summary>
[DurableTask(ControllerActivities.StartReplica)]
public sealed class StartReplicaActivity(DurableTaskClient client) : TaskActivity<ReplicaCommand, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = ReplicaSignals.InstanceId(input.Key.Service, input.Key.ReplicaId);
        if (await client.GetInstanceAsync(id) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ReplicaLifecycle), new ReplicaLifecycleInput(input.Key.Service, input.Key.ReplicaId, input.Options), new StartOrchestrationOptions(id));
            return true;
        }
        catch (Exception e) when (e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            // Lost a race with another start of the same replica: the orchestration runs, which is all we want.
            return false;
        }
    }
}
