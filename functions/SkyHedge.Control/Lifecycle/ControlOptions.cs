namespace SkyHedge.Control.Lifecycle;

/// <summary>Timing of the control loop. Defaults are for production; tests and the local stack shorten them.</summary>
public sealed record ControlOptions
{
    /// <summary>How often a service controller decides (SkyServe's autoscaler decides every 20 s; deciding faster
    /// buys little because a launch takes minutes, deciding slower delays preemption recovery).</summary>
    public TimeSpan DecisionInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often a replica is probed and its instance checked (SkyServe probes every 10 s: a dead replica
    /// is noticed within one interval while probes stay a negligible load).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed probes of a Ready replica before it is replaced (SkyServe uses 3: one slow answer
    /// is not a dead replica).</summary>
    public int ProbeFailureThreshold { get; init; } = 3;

    /// <summary>Longest wait for a launched instance to be running before giving up on it.</summary>
    public TimeSpan ProvisionTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a draining replica keeps serving its in-flight requests before it is shut down.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most attempts of a throttled cloud call before the launch fails.</summary>
    public int MaxThrottleRetries { get; init; } = 8;

    /// <summary>Added to every durable wait. The Azure Storage backend delays a timer's queue message by whole
    /// seconds, truncated from the time left when it is enqueued: without padding a 1 s wait fires at once (the
    /// local stack's probe loops spun at about fifty a second per replica and pinned Azurite) and a 10 s wait lasts
    /// 9 s. One second makes the delay round down to the interval itself. Backends with exact timers (the in-memory
    /// one tests use) can set zero.</summary>
    public TimeSpan TimerPadding { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a mixed-GPU service keeps a GPU type capped after its launches were refused before the plan
    /// offers it again (capacity often comes back within minutes; trying every decision would keep failing
    /// launches, trying never would stay on the fallback types).</summary>
    public TimeSpan MixCapCooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Monitoring loops per orchestration generation before ContinueAsNew trims its history.</summary>
    public int LoopsPerGeneration { get; init; } = 50;
}
