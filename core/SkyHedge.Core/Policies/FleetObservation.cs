namespace SkyHedge.Core.Policies;

/// <summary>
/// Everything an online fleet policy may know when it decides: its own replicas, the outcome of its own
/// launches, the preemptions of its own replicas, and prices. Never the capacity of a zone (now or later):
/// that is the fairness rule the simulator and the live system share, and why this type holds counts of
/// the policy's own replicas only.
/// </summary>
/// <remarks>All per-zone arrays are indexed like <see cref="Zones"/>. Counts describe the fleet as it stood at the
/// end of the previous decision (after the cloud took what it took).</remarks>
public sealed class FleetObservation
{
    public FleetObservation(IReadOnlyList<ZoneInfo> zones)
    {
        Zones = zones;
        Requested = new int[zones.Count];
        Alive = new int[zones.Count];
        ReadySpot = new int[zones.Count];
        FailedLaunches = new int[zones.Count];
        Preempted = new int[zones.Count];
        Noticed = new int[zones.Count];
    }

    /// <summary>The allowed spot locations, with their prices.</summary>
    public IReadOnlyList<ZoneInfo> Zones { get; }

    /// <summary>Decision number, 0-based. Decisions are <see cref="TickSeconds"/> apart.</summary>
    public int Tick { get; set; }

    public double TickSeconds { get; set; }

    /// <summary>Replicas the service needs ready (T), from the autoscaler.</summary>
    public int Target { get; set; }

    /// <summary>Spot replicas this policy asked for in each zone at the previous decision.</summary>
    public int[] Requested { get; }

    /// <summary>Its spot replicas still alive in each zone (ready or starting).</summary>
    public int[] Alive { get; }

    /// <summary>Its spot replicas in each zone that are ready (past the cold start).</summary>
    public int[] ReadySpot { get; }

    /// <summary>Launches in each zone that failed with a capacity error at the previous decision.</summary>
    public int[] FailedLaunches { get; }

    /// <summary>Running (not just launched) replicas in each zone preempted since the previous decision.</summary>
    public int[] Preempted { get; }

    /// <summary>Replicas in each zone that received an interruption notice and are still alive.</summary>
    public int[] Noticed { get; }

    /// <summary>For each spot replica still starting: the tick at which it will be ready (launch + cold start),
    /// earliest first. The policy's own launch times, nothing about the cloud.</summary>
    public List<int> PendingSpotReadyAt { get; } = [];

    /// <summary>The same for on-demand replicas still starting.</summary>
    public List<int> PendingOnDemandReadyAt { get; } = [];

    public int AliveOnDemand { get; set; }

    public int ReadyOnDemand { get; set; }

    /// <summary>Ready spot replicas across all zones.</summary>
    public int TotalReadySpot => ReadySpot.Sum();

    /// <summary>Alive spot replicas across all zones.</summary>
    public int TotalAliveSpot => Alive.Sum();
}
