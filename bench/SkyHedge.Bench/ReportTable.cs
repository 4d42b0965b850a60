using System.Globalization;

namespace SkyHedge.Bench;

/// <summary>The human-readable tables: timings, then product vs. reference agreement.</summary>
internal static class ReportTable
{
    public static void Write(BenchReport report, TextWriter w)
    {
        var m = report.Machine;
        w.WriteLine(F($"{m.ProcessorCount} cores, {m.Os}, {m.Runtime}, {m.Configuration}; {report.Repeats} repeats, seed {report.Seed}, median of {report.Runs} run(s) (reference: {report.ReferenceRuns}){(report.Quick ? ", QUICK smoke run" : "")}"));
        w.WriteLine($"workloads: {string.Join(", ", report.Workloads)}");
        w.WriteLine();
        w.WriteLine(F($"{"scenario",-34} {"kind",-11} {"product s",10} {"ref s",9} {"ref/prod",9} {"requests/s",12} {"ref req/s",10} {"replica-ticks/s",16}  budget"));
        foreach (var r in report.Rows)
        {
            w.WriteLine(F($"{r.Scenario,-34} {r.Kind,-11} {r.ProductSeconds,10:0.000} {Num(r.ReferenceSeconds, "0.00"),9} {Num(r.Ratio, "0.0"),9} {Num(r.RequestsPerSecond, "#,0"),12} {Num(r.ReferenceRequestsPerSecond, "#,0"),10} {Num(r.ReplicaTicksPerSecond, "#,0"),16}  {Budget(r)}"));
        }

        w.WriteLine();
        w.WriteLine("product time per policy alone (all repeats and workloads), ms:");
        var policies = report.PerPolicy.Select(p => p.Policy).Distinct().ToList();
        w.WriteLine(F($"{"zones",-8}") + string.Concat(policies.Select(p => F($" {p,19}"))));
        foreach (var scenario in report.PerPolicy.GroupBy(p => p.Scenario))
        {
            w.WriteLine(F($"{scenario.Key,-8}") + string.Concat(scenario.Select(p => F($" {p.Seconds * 1000,19:0.0}"))));
        }

        w.WriteLine();
        w.WriteLine(F($"reference vs product (same windows and seeds; reference latency polls every {report.ReferenceStepSeconds} s, so it may differ):"));
        w.WriteLine(F($"{"zones",-8} {"policy",-19} {"workload",-22} {"avail prod",10} {"avail ref",10} {"cost prod",10} {"cost ref",10} {"p50 prod",8} {"p50 ref",8} {"p99 prod",8} {"p99 ref",8} {"req prod",9} {"req ref",9}  ok"));
        foreach (var a in report.Agreement)
        {
            var workload = a.Workload.Length > 22 ? "…" + a.Workload[^21..] : a.Workload;
            w.WriteLine(F($"{a.Scenario,-8} {a.Policy,-19} {workload,-22} {a.ProductAvailability,10:0.00000} {a.ReferenceAvailability,10:0.00000} {a.ProductCost,10:0.0} {a.ReferenceCost,10:0.0} {Num(a.ProductP50, "0.00"),8} {Num(a.ReferenceP50, "0.00"),8} {Num(a.ProductP99, "0.00"),8} {Num(a.ReferenceP99, "0.00"),8} {Num(a.ProductRequests, "0"),9} {Num(a.ReferenceRequests, "0"),9}  {(a.Ok ? "yes" : "NO")}"));
        }

        w.WriteLine();
        w.WriteLine(report.AgreementOk ? "agreement: availability, cost and fleet counters equal in every repeat" : "agreement: FAILED (see rows marked NO)");
        w.WriteLine(report.WithinBudget switch
        {
            true => F($"budget: the 15-zone all-policies run is within {SimulatorBench.BudgetSeconds} s"),
            false => F($"budget: the 15-zone all-policies run MISSED {SimulatorBench.BudgetSeconds} s"),
            null => "budget: not checked (quick run)",
        });
    }

    private static string Budget(BenchRow r) => r.WithinBudget switch
    {
        true => F($"within {r.BudgetSeconds} s"),
        false => F($"OVER {r.BudgetSeconds} s"),
        null => "",
    };

    private static string Num(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Num(long? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string F(FormattableString text) => FormattableString.Invariant(text);
}
