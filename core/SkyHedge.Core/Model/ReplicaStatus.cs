namespace SkyHedge.Core.Model;

/// <summary>
/// Where a replica is in its life. Names follow SkyServe's so its users feel at home. Which moves are legal is
/// decided in one place only: <see cref="ReplicaStateMachine"/>.
/// </summary>
public enum ReplicaStatus
{
    /// <summary>Decided, not yet asked of the cloud. No instance exists, nothing is billed.</summary>
    Pending,

    /// <summary>The launch call is in flight or the VM is booting. Billing starts here.</summary>
    Provisioning,

    /// <summary>The VM is up; the model server is loading and the readiness probe has not passed yet.</summary>
    Starting,

    /// <summary>The readiness probe passes: the router sends traffic here.</summary>
    Ready,

    /// <summary>Was ready, the probe now fails; no traffic until it recovers.</summary>
    NotReady,

    /// <summary>Taken out of routing (scale-down or an interruption notice); in-flight requests finish.</summary>
    Draining,

    /// <summary>The instance is being deleted.</summary>
    ShuttingDown,

    /// <summary>Terminal: deleted on purpose.</summary>
    Terminated,

    /// <summary>Terminal: the cloud reclaimed the spot instance.</summary>
    Preempted,

    /// <summary>Terminal failure: the cloud refused or failed the launch (capacity, quota, invalid spec…).</summary>
    FailedProvision,

    /// <summary>Terminal failure: never became ready within <c>initial_delay_seconds</c>.</summary>
    FailedInitialDelay,

    /// <summary>Terminal failure: was ready, then kept failing its probe.</summary>
    FailedProbing,

    /// <summary>Terminal failure: anything else (setup/run exited, unexpected error).</summary>
    Failed,

    /// <summary>Terminal failure: the instance could not be deleted; it may still be billed and needs the orphan sweep.</summary>
    FailedCleanup,
}
