using System.Globalization;
using SkyHedge.Simulation.Runs;

namespace SkyHedge.Cli.Output;

/// <summary>The human-readable summary table of a simulation.</summary>
internal static class ResultTable
{
    public static void Write(SimulationReport report, TextWriter output)
    {
        var s = report.Settings;
        var unit = s.CostUnit == "usd" ? "cost in USD from the price catalog" : Invariant($"cost in spot units, on-demand = {s.OndemandCostRatio} x spot");
        output.WriteLine(Invariant($"{s.Repeats} windows of {s.Hours} h, target {s.Target}, cold start {s.ColdStartSeconds} s, {unit}, notice {s.NoticeSeconds} s"));
        const string header = "{0,-20} {1,-22} {2,12} {3,12} {4,10} {5,8} {6,8} {7,8} {8,8}";
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, header, "policy", "workload", "availability", "cost", "vs od", "p50 s", "p90 s", "p99 s", "failed"));
        foreach (var r in report.Results)
        {
            output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                header,
                r.Policy,
                Shorten(r.Workload, 22),
                r.Availability.ToString("0.0000", CultureInfo.InvariantCulture),
                r.Cost.ToString(s.CostUnit == "usd" ? "0.00" : "0", CultureInfo.InvariantCulture),
                r.CostVsOndemand.ToString("0.000", CultureInfo.InvariantCulture),
                r.LatencyS.P50.ToString("0.0", CultureInfo.InvariantCulture),
                r.LatencyS.P90.ToString("0.0", CultureInfo.InvariantCulture),
                r.LatencyS.P99.ToString("0.0", CultureInfo.InvariantCulture),
                r.FailureRate.ToString("0.0000", CultureInfo.InvariantCulture)));
        }
    }

    private static string Shorten(string text, int width) =>
        text.Length <= width ? text : string.Concat("…", text.AsSpan(text.Length - width + 1));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
