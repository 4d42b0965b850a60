namespace SkyHedge.Simulation.Runs;

/// <summary>One policy on one workload, over every repeat. Means, with min and max where they matter.</summary>
public sealed record PolicyResult(
    string Policy,
    string Trace,
    string Workload,
    int Repeats,
    double Availability,
    double AvailabilityMin,
    double AvailabilityMax,
    double Cost,
    double CostMin,
    double CostMax,
    double CostVsOndemand,
    LatencySummary LatencyS,
    double FailureRate,
    IReadOnlyList<RepeatResult> PerRepeat);
