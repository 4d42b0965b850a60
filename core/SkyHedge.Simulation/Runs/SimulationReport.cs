namespace SkyHedge.Simulation.Runs;

/// <summary>The whole result of a <c>simulate</c> run: settings plus one <see cref="PolicyResult"/> per
/// (workload, policy). Deterministic: the same settings give the same report.</summary>
public sealed record SimulationReport(ReportSettings Settings, IReadOnlyList<PolicyResult> Results);

/// <summary>The settings as reported in JSON.</summary>
public sealed record ReportSettings(
    IReadOnlyList<string> SpotTraces,
    double? TraceGapSeconds,
    IReadOnlyList<string> Zones,
    double SpanHours,
    IReadOnlyList<string> Workloads,
    IReadOnlyList<string> Policies,
    double Hours,
    int Repeats,
    int Seed,
    IReadOnlyList<long> Offsets,
    double TickSeconds,
    double ColdStartSeconds,
    int Target,
    int Overprovision,
    double OndemandCostRatio,
    double NoticeSeconds,
    string CostUnit,
    string LatencyModel);
