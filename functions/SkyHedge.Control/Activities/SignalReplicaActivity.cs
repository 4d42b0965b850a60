using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Timers;

namespace SkyHedge.Control.Activities;

/// <summary>Sends a signal to a replica's orchestration through the <see cref="DurableGateway"/>; one that no longer
/// runs is ignored.</summary>
[DurableTask(ControllerActivities.SignalReplica)]
public sealed class SignalReplicaActivity(DurableTaskClient client) : TaskActivity<ReplicaCommand, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await new DurableGateway(client, input.Options).SignalReplicaAsync(input.Key.Service, input.Key.ReplicaId, input.Signal, CancellationToken.None);
        return true;
    }
}
