using SkyHedge.Simulation.Traces;

namespace SkyHedge.Simulation.Runs;

/// <summary>
/// The robustness sweep: every policy over every trace set, on as many back-to-back windows as fit (window i
/// starts at i × the window length; its zone order comes from (seed, i) as in any simulation), then the
/// sensitivity of spothedge and skyhedge to cold start (60/120/240/480 s) and over-provisioning (0–3) on the
/// first set, as the SpotHedge paper varied them, and the gain from interruption notices (0/30/120 s). Latency is not part of it: the fleet decides availability and
/// cost, and one light workload keeps each run cheap.
/// </summary>
public static class SweepRunner
{
    public static IReadOnlyList<double> ColdStarts { get; } = [60, 120, 240, 480];

    public static IReadOnlyList<int> Overprovisions { get; } = [0, 1, 2, 3];

    /// <summary>Interruption-notice lead times: none, Azure's and GCP's 30 s, AWS's 120 s.</summary>
    public static IReadOnlyList<double> Notices { get; } = [0, 30, 120];

    public static IReadOnlyList<string> SensitivityPolicies { get; } = ["spothedge", "skyhedge"];

    /// <param name="settings">Everything but the traces, offsets and workload (the sweep sets those).</param>
    public static SweepReport Run(IReadOnlyList<SweepSet> sets, SimulationSettings settings, bool sensitivity, IProgress<string>? progress = null)
    {
        if (sets.Count == 0)
        {
            throw new ArgumentException("no trace sets to sweep");
        }

        var results = new List<SweepSetResult>();
        TraceSet? firstTraces = null;
        foreach (var set in sets)
        {
            var traces = TraceSet.Load(set.Paths, set.GapSeconds);
            firstTraces ??= traces;
            var report = RunSet(traces, settings, settings.Policies, set.GapSeconds);
            var windows = report.Results[0].Repeats;
            results.Add(new SweepSetResult(set.Name, windows, [.. report.Results.Select(Summary)], Dominated(report)));
            progress?.Report($"{set.Name}: {windows} windows of {settings.Hours:0.##} h, {settings.Policies.Count} policies");
        }

        var rows = new List<SensitivityResult>();
        if (sensitivity)
        {
            var first = sets[0];
            var traces = firstTraces!;
            void Add(string knob, double value, SimulationSettings changed)
            {
                foreach (var r in RunSet(traces, changed, SensitivityPolicies, first.GapSeconds).Results)
                {
                    var s = Summary(r);
                    rows.Add(new SensitivityResult(knob, value, r.Policy, s.Availability, s.WorstAvailability, s.CostVsOndemand));
                }
            }

            foreach (var c in ColdStarts)
            {
                Add("cold_start_s", c, settings with { ColdStartSeconds = c });
            }

            foreach (var o in Overprovisions)
            {
                Add("overprovision", o, settings with { Overprovision = o });
            }

            foreach (var n in Notices)
            {
                Add("notice_s", n, settings with { NoticeSeconds = n });
            }

            progress?.Report($"sensitivity on {first.Name}: cold start {string.Join("/", ColdStarts)} s, overprovision {string.Join("/", Overprovisions)}, notice {string.Join("/", Notices)} s");
        }

        return new SweepReport(settings, results, rows);
    }

    /// <summary>Window starts, in decision ticks, back to back from the start of the trace.</summary>
    public static IReadOnlyList<long> BackToBack(TraceSet traces, SimulationSettings settings)
    {
        var span = traces.SpanTicks(settings.TickSeconds);
        var starts = new List<long>();
        for (long o = 0; o + settings.WindowTicks <= span; o += settings.WindowTicks)
        {
            starts.Add(o);
        }

        return starts.Count > 0
            ? starts
            : throw new ArgumentException($"{traces.Label} covers {traces.SpanSeconds / 3600:0.##} h, shorter than one {settings.Hours:0.##} h window");
    }

    private static SimulationReport RunSet(TraceSet traces, SimulationSettings settings, IReadOnlyList<string> policies, double? gap)
    {
        var s = settings with
        {
            SpotTraces = [traces.Label],
            TraceGapSeconds = gap,
            Policies = policies,
            Offsets = BackToBack(traces, settings),
            Workloads = ["poisson:0.15"],
        };
        return new SimulationRunner(s, traces).Run();
    }

    private static SweepPolicyResult Summary(PolicyResult r) => new(
        r.Policy,
        r.Availability,
        r.AvailabilityMin,
        r.CostVsOndemand,
        r.PerRepeat.Max(w => w.Cost / w.OnDemandCost));

    private static int Dominated(SimulationReport report)
    {
        var sky = report.Results.FirstOrDefault(r => r.Policy == "skyhedge");
        var sh = report.Results.FirstOrDefault(r => r.Policy == "spothedge");
        if (sky is null || sh is null)
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < sky.PerRepeat.Count; i++)
        {
            var (a, b) = (sh.PerRepeat[i], sky.PerRepeat[i]);
            var noWorse = a.Availability >= b.Availability && a.Cost <= b.Cost;
            var better = a.Availability > b.Availability || a.Cost < b.Cost;
            count += noWorse && better ? 1 : 0;
        }

        return count;
    }
}
