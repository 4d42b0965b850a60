using System.Security.Cryptography;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Activities;

/// <summary>Sends a signal to a replica's orchestration; one that no longer runs is ignored.</summary>
[DurableTask(ControllerActivities.SignalReplica)]
public sealed class SignalReplicaActivity(DurableTaskClient client) : TaskActivity<ReplicaCommand, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = ReplicaSignals.InstanceId(input.Key.Service, input.Key.ReplicaId);
        var instance = await client.GetInstanceAsync(id);
        if (instance is null || instance.IsCompleted)
        {
            return false;
        }

        await client.RaiseEventAsync(id, ReplicaSignals.EventName, input.Signal);
        return true;
    }
}
