namespace SkyHedge.Bench.Reference;

/// <summary>One policy on one window (and one workload, when latency was simulated), scored by the reference in
/// the same terms as the product's <c>RepeatResult</c>.</summary>
/// <param name="Workload">Null for a fleet-only run.</param>
/// <param name="Latency">Null for a fleet-only run.</param>
internal sealed record ReferenceRepeat(
    string Policy,
    string? Workload,
    int Repeat,
    double Availability,
    double Cost,
    double CostFromTick0,
    long SpotReplicaTicks,
    long OnDemandReplicaTicks,
    int Launches,
    int FailedLaunches,
    int Preemptions,
    ReferenceLatencyResult? Latency);
