using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;

namespace SkyHedge.Control.Timers;

/// <summary>What timers and admin handlers need from the durable engine: start and signal controllers, signal
/// replicas. A seam so their bodies are testable without an engine; <see cref="DurableGateway"/> is the real one.</summary>
public interface IOrchestrationGateway
{
    /// <summary>Whether the service's controller is running (not completed, failed or terminated).</summary>
    Task<bool> IsControllerRunningAsync(string service, CancellationToken cancellationToken);

    /// <summary>Starts the service's controller (instance id from the service name); no-op if it runs.</summary>
    Task StartControllerAsync(string service, CancellationToken cancellationToken);

    /// <summary>Signals the service's controller; ignored when it does not run.</summary>
    Task SignalControllerAsync(string service, ServiceSignal signal, CancellationToken cancellationToken);

    /// <summary>Whether the replica's lifecycle orchestration is running.</summary>
    Task<bool> IsReplicaRunningAsync(string service, string replicaId, CancellationToken cancellationToken);

    /// <summary>Starts the replica's lifecycle orchestration (instance id from the replica id); no-op if it runs.</summary>
    Task StartReplicaAsync(string service, string replicaId, CancellationToken cancellationToken);

    /// <summary>Signals a replica's orchestration; ignored when it does not run.</summary>
    Task SignalReplicaAsync(string service, string replicaId, ReplicaSignal signal, CancellationToken cancellationToken);
}
