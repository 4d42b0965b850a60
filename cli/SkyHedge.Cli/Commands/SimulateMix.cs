using System.CommandLine;
using System.Globalization;
using ScottPlot;
using SkyHedge.Cli.Output;
using SkyHedge.Planning;
using SkyHedge.Planning.Simulation;
using SkyHedge.Simulation.Traces;
using SkyHedge.Simulation.Workloads;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge simulate --mix</c>: GPU-allocation policies (single type, peak, Mélange mix) over a day of
/// minutes with GPU capacity traces. The options only this mode reads live here.</summary>
internal sealed class SimulateMix
{
    public const string DefaultPolicies = "single-gpu:L4,single-gpu:A10G,single-gpu:A100,single-gpu:H100,peak,mix";

    public Option<bool> Mix { get; } = new("--mix") { Description = "Simulate GPU-type allocation (single-gpu:TYPE, peak, mix) instead of spot placement." };

    public Option<double> RateScale { get; } = new("--rate-scale") { Description = "--mix: multiply every minute's requests.", DefaultValueFactory = _ => 1 };

    public Option<string?> Requests { get; } = new("--requests") { Description = "--mix: request sizes to draw from (Azure LLM trace CSV or ShareGPT stats)." };

    public Option<string[]> CapacityTraces { get; } = new("--capacity-trace")
    {
        Description = "--mix: GPU=PATH[:zone,zone,...] caps that GPU type at the sum of the zones' obtainable counts; repeat per type. Types without one are plentiful.",
    };

    public Option<double> TpotSlo { get; } = new("--tpot-slo-ms") { Description = "--mix: time-per-output-token SLO in milliseconds.", DefaultValueFactory = _ => 120 };

    public Option<double?> TtftSlo { get; } = new("--ttft-slo-ms") { Description = "--mix: optional unqueued time-to-first-token SLO in milliseconds." };

    public Option<string?> Gpus { get; } = new("--gpus") { Description = "--mix: comma-separated GPU types peak and mix choose from (default L4,A10G,A100,H100, the Mélange paper's)." };

    public Option<int> SliceFactor { get; } = new("--slice-factor") { Description = "--mix: slices per bucket's rate.", DefaultValueFactory = _ => 8 };

    public Option<int> MinReplicas { get; } = new("--min-replicas") { Description = "--mix: replicas every policy keeps with no traffic.", DefaultValueFactory = _ => 1 };

    public IEnumerable<Option> All => [Mix, RateScale, Requests, CapacityTraces, TpotSlo, TtftSlo, Gpus, SliceFactor, MinReplicas];

    public int Run(ParseResult parse, string[] workloads, string policies, double hours, int seed, (string? Json, bool JsonGiven, string? Plot) output, TextWriter stdout, TextWriter stderr)
    {
        var jsonToStdout = output.JsonGiven && string.IsNullOrEmpty(output.Json);
        var table = jsonToStdout ? stderr : stdout;
        if (workloads.Length != 1)
        {
            throw new ArgumentException("--mix takes one --workload: maf-minutes:FILE or poisson:RATE");
        }

        var requestsFile = parse.GetValue(Requests) ?? throw new ArgumentException("--mix needs --requests FILE (request sizes)");
        var (minutes, label) = Minutes(workloads[0], hours);
        var settings = new MixSimulationSettings
        {
            MinuteMeans = minutes,
            WorkloadLabel = label,
            RateScale = parse.GetValue(RateScale),
            RequestSizes = RequestSizes.Load(requestsFile),
            RequestsLabel = Path.GetFileName(requestsFile),
            CapacityTraces = [.. (parse.GetValue(CapacityTraces) ?? []).Select(GpuCapacityTrace.Parse)],
            TpotSlo = TimeSpan.FromMilliseconds(parse.GetValue(TpotSlo)),
            TtftSlo = parse.GetValue(TtftSlo) is { } t ? TimeSpan.FromMilliseconds(t) : null,
            Hours = hours,
            Seed = seed,
            Policies = SimulateCommand.SplitList([policies]),
            Gpus = parse.GetValue(Gpus) is { } g ? SimulateCommand.SplitList([g]) : MixSimulationSettings.DefaultGpus,
            SliceFactor = parse.GetValue(SliceFactor),
            MinReplicas = parse.GetValue(MinReplicas),
        };
        var report = MixSimulator.Run(settings, new Progress<string>(m => stderr.WriteLine(m)));
        WriteTable(report, table);
        if (output.JsonGiven)
        {
            JsonOutput.Write(Json(report), output.Json, stdout);
        }

        if (output.Plot is { Length: > 0 } png)
        {
            WritePlot(report, png);
            stderr.WriteLine($"plot written to {png}");
        }

        return 0;
    }

    private static (IReadOnlyList<double> Minutes, string Label) Minutes(string spec, double hours)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? spec[..colon] : spec;
        var arg = colon > 0 ? spec[(colon + 1)..] : string.Empty;
        switch (kind)
        {
            case "maf-minutes":
                return (WorkloadParser.MafMinuteMeans(arg), $"maf-minutes:{Path.GetFileName(arg)}");
            case "poisson":
                if (!double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate > 0) || !double.IsFinite(rate))
                {
                    throw new ArgumentException($"workload \"{spec}\": RATE must be a positive number of requests per second");
                }

                return ([.. Enumerable.Repeat(rate * 60, (int)Math.Max(1, Math.Round(hours * 60)))], spec);
            default:
                throw new ArgumentException($"--mix workload \"{spec}\": expected maf-minutes:FILE or poisson:RATE");
        }
    }

    private static void WriteTable(MixSimulationReport report, TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = report.Settings;
        w.WriteLine(string.Create(inv, $"{s.WorkloadLabel} × {s.RateScale:0.##} for {s.Hours:0.##} h, sizes from {s.RequestsLabel}, TPOT ≤ {s.TpotSlo.TotalMilliseconds:0} ms, seed {s.Seed}: {report.Requests} requests ({report.TooLong} longer than the context left out)"));
        w.WriteLine();
        w.WriteLine($"{"policy",-18} {"$/h",8} {"total $",9} {"SLO met",8} {"avail.",8}  GPU-hours; what it ran");
        foreach (var r in report.Results)
        {
            var hoursText = string.Join(" ", r.GpuHours.Select(h => string.Create(inv, $"{h.Key}:{h.Value:0.#}")));
            w.WriteLine(string.Create(inv, $"{r.Policy,-18} {r.CostPerHour,8:0.00} {r.Cost,9:0.00} {r.SloAttainment,8:P2} {r.Availability,8:P2}  {hoursText}; {r.Detail}"));
        }

        w.WriteLine();
        if (report.Results.FirstOrDefault(r => r.Policy == "mix") is { } mix)
        {
            var singles = report.Results.Where(r => r.Policy.StartsWith("single-gpu:", StringComparison.Ordinal) && r.SloAttainment >= 0.99).OrderBy(r => r.CostPerHour).ToList();
            if (singles.Count > 0)
            {
                w.WriteLine(string.Create(inv, $"mix vs the cheapest single-gpu policy meeting the SLO for ≥ 99% of requests ({singles[0].Policy}): {1 - (mix.CostPerHour / singles[0].CostPerHour):P0} cheaper"));
            }

            if (report.Results.FirstOrDefault(r => r.Policy == "peak") is { CostPerHour: > 0 } peak)
            {
                w.WriteLine(string.Create(inv, $"mix vs peak: {1 - (mix.CostPerHour / peak.CostPerHour):P0} cheaper"));
            }
        }

        w.WriteLine(string.Create(inv, $"planner: {report.Solves} distinct solves, mean {report.SolveSecondsMean:0.000} s, longest {report.SolveSecondsMax:0.000} s"));
    }

    private static object Json(MixSimulationReport report)
    {
        var s = report.Settings;
        return new
        {
            settings = new
            {
                workload = s.WorkloadLabel,
                rateScale = s.RateScale,
                requests = s.RequestsLabel,
                capacityTraces = s.CapacityTraces.Select(t => new { gpu = t.Gpu, zones = t.Zones }),
                tpotSloMs = s.TpotSlo.TotalMilliseconds,
                ttftSloMs = s.TtftSlo?.TotalMilliseconds,
                hours = s.Hours,
                seed = s.Seed,
                gpus = s.Gpus,
                sliceFactor = s.SliceFactor,
                minReplicas = s.MinReplicas,
                requestsReplayed = report.Requests,
                tooLong = report.TooLong,
                solves = report.Solves,
                solveSecondsMean = Math.Round(report.SolveSecondsMean, 4),
                solveSecondsMax = Math.Round(report.SolveSecondsMax, 4),
            },
            results = report.Results.Select(r => new
            {
                policy = r.Policy,
                cost = r.Cost,
                costPerHour = r.CostPerHour,
                sloAttainment = Math.Round(r.SloAttainment, 6),
                availability = Math.Round(r.Availability, 6),
                gpuHours = r.GpuHours,
                detail = r.Detail,
            }),
        };
    }

    private static void WritePlot(MixSimulationReport report, string file)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var names = report.Results.Select(r => r.Policy).ToArray();
        var ticks = names.Select((n, i) => new Tick(i, n)).ToArray();

        var cost = multi.GetPlot(0);
        cost.Add.Bars(report.Results.Select(r => (double)r.CostPerHour).ToArray());
        cost.Title("Cost ($/h, on-demand prices)");
        cost.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        cost.Axes.Margins(bottom: 0);

        var quality = multi.GetPlot(1);
        var slo = quality.Add.Scatter(Enumerable.Range(0, names.Length).Select(i => (double)i).ToArray(), report.Results.Select(r => r.SloAttainment).ToArray());
        slo.LegendText = "SLO attainment";
        var availability = quality.Add.Scatter(Enumerable.Range(0, names.Length).Select(i => (double)i).ToArray(), report.Results.Select(r => r.Availability).ToArray());
        availability.LegendText = "availability";
        quality.Title("SLO attainment and availability");
        quality.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        quality.ShowLegend();

        OutputFile.EnsureFolder(file);

        multi.SavePng(file, 1600, 600);
    }
}
