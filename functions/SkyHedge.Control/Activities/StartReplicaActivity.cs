using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Timers;

namespace SkyHedge.Control.Activities;

/// <summary>Starts the replica's lifecycle orchestration through the <see cref="DurableGateway"/>; its instance id
/// comes from the replica id, so a second start is a no-op.</summary>
[DurableTask(ControllerActivities.StartReplica)]
public sealed class StartReplicaActivity(DurableTaskClient client) : TaskActivity<ReplicaCommand, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await new DurableGateway(client, input.Options).StartReplicaAsync(input.Key.Service, input.Key.ReplicaId, CancellationToken.None);
        return true;
    }
}
