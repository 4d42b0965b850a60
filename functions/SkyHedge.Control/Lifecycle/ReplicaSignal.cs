namespace SkyHedge.Control.Lifecycle;

/// <summary>What the controller, the preemption poller or the notice endpoint tells a replica's orchestration
/// (external event <see cref="ReplicaSignals.EventName"/>).</summary>
public enum ReplicaSignal
{
    /// <summary>Scale-in or replacement: shut down now.</summary>
    Terminate,

    /// <summary>Stop taking new requests, finish in-flight ones, then shut down.</summary>
    Drain,

    /// <summary>The cloud gave notice of a preemption: drain while it lasts.</summary>
    InterruptionNotice,

    /// <summary>The cloud took the instance.</summary>
    Preempted,
}
