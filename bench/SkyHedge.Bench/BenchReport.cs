namespace SkyHedge.Bench;

/// <summary>Everything the benchmark measured, as written by <c>--json</c>.</summary>
/// <param name="MeasuredAtUtc">When the benchmark ran (ISO 8601).</param>
internal sealed record BenchReport(
    string MeasuredAtUtc,
    BenchMachine Machine,
    bool Quick,
    int Repeats,
    int Seed,
    int Runs,
    int ReferenceRuns,
    IReadOnlyList<string> Workloads,
    double ReferenceStepSeconds,
    IReadOnlyList<BenchRow> Rows,
    IReadOnlyList<PolicyTiming> PerPolicy,
    IReadOnlyList<AgreementRow> Agreement,
    bool AgreementOk,
    bool? WithinBudget);
