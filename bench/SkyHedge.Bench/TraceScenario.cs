using SkyHedge.Simulation.Runs;

namespace SkyHedge.Bench;

/// <summary>One zone set the benchmark simulates, with the settings every run on it shares.</summary>
/// <param name="Name">Short name for tables, e.g. <c>15-zone</c>.</param>
/// <param name="TracePaths">Trace folders, as <c>--spot-trace</c> would take them.</param>
internal sealed record TraceScenario(string Name, IReadOnlyList<string> TracePaths, IReadOnlyList<string> Workloads, int Repeats)
{
    public const int Seed = 0;

    /// <summary>The two zone sets: the public 2-month AWS half (9 zones) and it plus GCP1 (15 zones).</summary>
    public static IReadOnlyList<TraceScenario> All(string dataDir, int repeats)
    {
        var aws = Path.Combine(dataDir, "spot", "aws-v100-2month");
        var gcp = Path.Combine(dataDir, "spot", "gcp-a100-6zone");
        IReadOnlyList<string> workloads = ["poisson:0.15", "maf:" + Path.Combine(dataDir, "workloads", "maf-minutes-first-half.csv")];
        return
        [
            new TraceScenario("9-zone", [aws], workloads, repeats),
            new TraceScenario("15-zone", [aws, gcp], workloads, repeats),
        ];
    }

    /// <summary>The CLI's defaults (24 h windows, 30 s ticks, target 3, ...) with this scenario's traces.</summary>
    public SimulationSettings Settings(IReadOnlyList<string> policies) => new()
    {
        SpotTraces = TracePaths,
        Workloads = Workloads,
        Policies = policies,
        Repeats = Repeats,
        Seed = Seed,
    };
}
