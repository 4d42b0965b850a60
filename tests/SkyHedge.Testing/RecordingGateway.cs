using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Timers;

namespace SkyHedge.Testing;

/// <summary>Records what a timer body or handler asks of the durable engine, in place of the durable gateway.</summary>
public sealed class RecordingGateway : IOrchestrationGateway
{
    public HashSet<string> Running { get; } = [];

    public List<string> Started { get; } = [];

    public List<(string Service, string Replica, ReplicaSignal Signal)> ReplicaSignals { get; } = [];

    public Task<bool> IsControllerRunningAsync(string service, CancellationToken cancellationToken) => Task.FromResult(Running.Contains(service));

    public Task StartControllerAsync(string service, CancellationToken cancellationToken)
    {
        Started.Add(service);
        Running.Add(service);
        return Task.CompletedTask;
    }

    public Task SignalControllerAsync(string service, ServiceSignal signal, CancellationToken cancellationToken) => Task.CompletedTask;

    public HashSet<string> RunningReplicas { get; } = [];

    public List<string> StartedReplicas { get; } = [];

    public Task<bool> IsReplicaRunningAsync(string service, string replicaId, CancellationToken cancellationToken) =>
        Task.FromResult(RunningReplicas.Contains(replicaId));

    public Task StartReplicaAsync(string service, string replicaId, CancellationToken cancellationToken)
    {
        StartedReplicas.Add(replicaId);
        RunningReplicas.Add(replicaId);
        return Task.CompletedTask;
    }

    public Task SignalReplicaAsync(string service, string replicaId, ReplicaSignal signal, CancellationToken cancellationToken)
    {
        ReplicaSignals.Add((service, replicaId, signal));
        return Task.CompletedTask;
    }
}
