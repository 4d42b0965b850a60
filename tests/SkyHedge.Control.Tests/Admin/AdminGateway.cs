using System.Collections.Concurrent;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Timers;

namespace SkyHedge.Control.Tests.Admin;

/// <summary>Records what the admin API asks of the durable engine, in order.</summary>
internal sealed class AdminGateway : IOrchestrationGateway
{
    /// <summary>Every call, e.g. <c>start demo</c>, <c>signal demo SpecUpdated</c>, <c>replica demo/r-1 Terminate</c>.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<bool> IsControllerRunningAsync(string service, CancellationToken cancellationToken) =>
        Task.FromResult(Calls.Contains($"start {service}"));

    public Task StartControllerAsync(string service, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"start {service}");
        return Task.CompletedTask;
    }

    public Task SignalControllerAsync(string service, ServiceSignal signal, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"signal {service} {signal}");
        return Task.CompletedTask;
    }

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
        Calls.Enqueue($"replica {service}/{replicaId} {signal}");
        return Task.CompletedTask;
    }
}
