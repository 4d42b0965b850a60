namespace SkyHedge.Simulation.Runs;

/// <summary>One policy on one window.</summary>
public sealed record RepeatResult(
    int Repeat,
    long Offset,
    IReadOnlyList<string> ZoneOrder,
    double Availability,
    double Cost,
    double CostFromTick0,
    double OnDemandCost,
    long SpotReplicaTicks,
    long OnDemandReplicaTicks,
    int Launches,
    int FailedLaunches,
    int Preemptions,
    LatencySummary Latency,
    int Requests,
    int Failures);

/// <summary>Latency percentiles in seconds.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double P999);
