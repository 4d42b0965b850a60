namespace SkyHedge.Bench;

/// <summary>One line of the results table. Seconds are medians of the timed runs; per-second rates divide the
/// work of one run by its median wall time.</summary>
/// <param name="Kind"><c>in-process</c> (SimulationRunner.Run, traces already loaded) or <c>cli-process</c> (a whole
/// cold <c>skyhedge simulate</c> process).</param>
/// <param name="Requests">Simulated requests in one run: RepeatResult.Requests summed over every policy, workload
/// and repeat.</param>
/// <param name="ReplicaTicks">Simulated replica-ticks in one run: spot + on-demand replicas alive, summed over the
/// evaluated ticks of every (policy, repeat) fleet run, counted once however many workloads score it.</param>
/// <param name="Ratio">Reference wall time over product wall time for the same work.</param>
/// <param name="WithinBudget">For the 15-zone all-policies rows: trace loading plus the run (or the whole process)
/// took at most <see cref="BudgetSeconds"/>.</param>
internal sealed record BenchRow(
    string Scenario,
    string Kind,
    string TraceSet,
    int Zones,
    IReadOnlyList<string> Policies,
    int Repeats,
    double ProductSeconds,
    IReadOnlyList<double> ProductRunSeconds,
    double? TraceLoadSeconds,
    long? Requests,
    double? RequestsPerSecond,
    long? ReplicaTicks,
    double? ReplicaTicksPerSecond,
    double? ReferenceSeconds,
    IReadOnlyList<double>? ReferenceRunSeconds,
    double? ReferenceRequestsPerSecond,
    double? Ratio,
    double? BudgetSeconds,
    bool? WithinBudget);
