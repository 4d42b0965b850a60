using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;

namespace SkyHedge.Control.Timers;

/// <summary><see cref="IOrchestrationGateway"/> over a <see cref="DurableTaskClient"/>.</summary>
public sealed class DurableGateway(DurableTaskClient client, ControlOptions options) : IOrchestrationGateway
{
    public async Task<bool> IsControllerRunningAsync(string service, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(ReplicaSignals.ControllerId(service), cancellationToken);
        return instance is not null && !instance.IsCompleted;
    }

    public async Task StartControllerAsync(string service, CancellationToken cancellationToken)
    {
        if (await IsControllerRunningAsync(service, cancellationToken))
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ServiceController), new ServiceControllerInput(service, options), new StartOrchestrationOptions(ReplicaSignals.ControllerId(service)), cancellationToken);
        }
        catch (Exception e) when (e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            // Started by someone else in the meantime: what we wanted.
        }
    }

    public async Task SignalControllerAsync(string service, ServiceSignal signal, CancellationToken cancellationToken)
    {
        if (await IsControllerRunningAsync(service, cancellationToken))
        {
            await client.RaiseEventAsync(ReplicaSignals.ControllerId(service), ServiceSignals.EventName, signal, cancellationToken);
        }
    }

    public async Task<bool> IsReplicaRunningAsync(string service, string replicaId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(ReplicaSignals.InstanceId(service, replicaId), cancellationToken);
        return instance is not null && !instance.IsCompleted;
    }

    public async Task StartReplicaAsync(string service, string replicaId, CancellationToken cancellationToken)
    {
        if (await IsReplicaRunningAsync(service, replicaId, cancellationToken))
        {
            return;
        }

        try
        {
            // A completed (failed) instance with the same id is replaced: the row, not the old history, is the truth.
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ReplicaLifecycle), new ReplicaLifecycleInput(service, replicaId, options),
                new StartOrchestrationOptions(ReplicaSignals.InstanceId(service, replicaId)), cancellationToken);
        }
        catch (Exception e) when (e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    public async Task SignalReplicaAsync(string service, string replicaId, ReplicaSignal signal, CancellationToken cancellationToken)
    {
        var id = ReplicaSignals.InstanceId(service, replicaId);
        var instance = await client.GetInstanceAsync(id, cancellationToken);
        if (instance is not null && !instance.IsCompleted)
        {
            await client.RaiseEventAsync(id, ReplicaSignals.EventName, signal, cancellationToken);
        }
    }
}
