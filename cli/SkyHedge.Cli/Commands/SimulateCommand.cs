using System.CommandLine;
using System.Globalization;
using SkyHedge.Cli.Output;
using SkyHedge.Simulation.Runs;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge simulate</c>: replay spot traces against policies (the SkyServe paper's evaluation).</summary>
internal static class SimulateCommand
{
    /// <summary>The embedded default trace, shipped next to the binary.</summary>
    public static string DefaultTrace => Path.Combine(AppContext.BaseDirectory, "data", "spot", "aws-v100-excerpt");

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var traces = new Option<string[]>("--spot-trace")
        {
            Description = "Spot trace folder or file; repeat to combine zone sets. Default: the 4-day AWS V100 excerpt shipped with SkyHedge.",
            AllowMultipleArgumentsPerToken = false,
        };
        var gap = new Option<double?>("--trace-gap-seconds") { Description = "Seconds per trace tick, overriding the files (the paper read the 2-month trace as 300)." };
        var values = new Option<string?>("--trace-values") { Description = "Value meaning for trace files that do not state it: availability, inverted or count." };
        var workload = new Option<string[]>("--workload")
        {
            Description = "poisson:RATE, maf:FILE, maf-minutes:FILE or azure-llm:FILE; repeat or comma-separate for several.",
            DefaultValueFactory = _ => ["poisson:0.15"],
        };
        var policy = new Option<string>("--policy")
        {
            Description = "Comma-separated policies: " + string.Join(",", SimulationRunner.AllPolicyNames),
            DefaultValueFactory = _ => string.Join(",", SimulationRunner.AllPolicyNames),
        };
        var hours = new Option<double>("--hours") { Description = "Window length in hours.", DefaultValueFactory = _ => 24 };
        var repeats = new Option<int>("--repeats") { Description = "Windows at random offsets with shuffled zone order.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed: repeat i's window and zone order come from (seed, i) alone.", DefaultValueFactory = _ => 0 };
        var offsets = new Option<string?>("--offsets") { Description = "Explicit window starts T1,T2,... in ticks of --tick-seconds from the trace start (one repeat each; overrides --repeats)." };
        var tick = new Option<double>("--tick-seconds") { Description = "Decision tick.", DefaultValueFactory = _ => 30 };
        var coldStart = new Option<double>("--cold-start-seconds") { Description = "Launch to ready.", DefaultValueFactory = _ => 120 };
        var target = new Option<int>("--target") { Description = "Replicas the service needs ready.", DefaultValueFactory = _ => 3 };
        var over = new Option<int>("--overprovision") { Description = "Extra spot replicas for spothedge (skyhedge's starting point).", DefaultValueFactory = _ => 1 };
        var ratio = new Option<double>("--ondemand-cost-ratio") { Description = "On-demand price in units of the spot price.", DefaultValueFactory = _ => 3 };
        var notice = new Option<double>("--notice-seconds") { Description = "Interruption notice lead time given to every policy (0 = none).", DefaultValueFactory = _ => 0 };
        var costUnit = new Option<string>("--cost-unit")
        {
            Description = "spot: spot units (on-demand = --ondemand-cost-ratio), as the paper; usd: dollars from the shipped price catalog.",
            DefaultValueFactory = _ => "spot",
        };
        var json = new Option<string?>("--json") { Description = "Write the results as JSON: to stdout alone (no value) or to FILE.", Arity = ArgumentArity.ZeroOrOne };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG: cost vs availability per policy, and latency percentiles." };

        var mix = new SimulateMix();
        var sweep = new SimulateSweep();
        var command = new Command("simulate", "Replay spot-availability traces against serving policies and report availability, cost and latency; with --mix, GPU-type allocation policies under GPU capacity traces.")
        {
            traces, gap, values, workload, policy, hours, repeats, seed, offsets, tick, coldStart, target, over, ratio, notice, costUnit, json, plot,
        };
        foreach (var option in mix.All.Concat(sweep.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var jsonToStdout = parse.GetResult(json) is not null && string.IsNullOrEmpty(parse.GetValue(json));
            var table = jsonToStdout ? stderr : stdout;
            try
            {
                if (parse.GetResult(sweep.Sweep) is not null)
                {
                    foreach (var clash in new Option[] { traces, gap, values, workload, repeats, offsets, mix.Mix })
                    {
                        if (parse.GetResult(clash) is { Implicit: false })
                        {
                            throw new ArgumentException($"--sweep chooses the traces, windows and workload itself; drop {clash.Name}");
                        }
                    }
                }

                if (parse.GetValue(mix.Mix))
                {
                    if (parse.GetValue(traces) is { Length: > 0 })
                    {
                        throw new ArgumentException("--spot-trace is for spot placement; with --mix, cap GPU types with --capacity-trace GPU=PATH");
                    }

                    return mix.Run(
                        parse,
                        SplitList(parse.GetValue(workload)!).ToArray(),
                        parse.GetResult(policy) is { Implicit: false } ? parse.GetValue(policy)! : SimulateMix.DefaultPolicies,
                        parse.GetValue(hours),
                        parse.GetValue(seed),
                        (parse.GetValue(json), parse.GetResult(json) is not null, parse.GetValue(plot)),
                        stdout,
                        stderr);
                }

                var tracePaths = parse.GetValue(traces) is { Length: > 0 } t ? t : [DefaultTrace];
                var settings = new SimulationSettings
                {
                    SpotTraces = tracePaths,
                    TraceGapSeconds = parse.GetValue(gap),
                    Workloads = SplitList(parse.GetValue(workload)!),
                    Policies = SplitList([parse.GetValue(policy)!]),
                    Hours = parse.GetValue(hours),
                    Repeats = parse.GetValue(repeats),
                    Seed = parse.GetValue(seed),
                    Offsets = ParseOffsets(parse.GetValue(offsets)),
                    TickSeconds = parse.GetValue(tick),
                    ColdStartSeconds = parse.GetValue(coldStart),
                    Target = parse.GetValue(target),
                    Overprovision = parse.GetValue(over),
                    OnDemandCostRatio = parse.GetValue(ratio),
                    NoticeSeconds = parse.GetValue(notice),
                    CostUnit = ParseCostUnit(parse.GetValue(costUnit)),
                };
                if (parse.GetResult(sweep.Sweep) is not null)
                {
                    return sweep.Run(parse, settings, (parse.GetValue(json), parse.GetResult(json) is not null, parse.GetValue(plot)), stdout, stderr);
                }

                settings.Validate();
                var set = TraceSet.Load(tracePaths, settings.TraceGapSeconds, ParseMeaning(parse.GetValue(values)));
                stderr.WriteLine(FormattableString.Invariant(
                    $"traces: {set.Zones.Count} zones from {set.Label}; usable span {set.SpanSeconds / 3600:0.##} h (the shortest zone), {set.SpanTicks(settings.TickSeconds)} ticks of {settings.TickSeconds} s"));
                var runner = new SimulationRunner(settings, set);
                var report = runner.Run(new Progress<string>(m => stderr.WriteLine(m)));
                ResultTable.Write(report, table);
                if (parse.GetResult(json) is not null)
                {
                    JsonOutput.Write(report, parse.GetValue(json), stdout);
                }

                if (parse.GetValue(plot) is { Length: > 0 } png)
                {
                    ResultPlot.Write(report, png);
                    stderr.WriteLine($"plot written to {png}");
                }

                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or TraceFormatException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static List<string> SplitList(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    internal static List<long>? ParseOffsets(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Split(',', StringSplitOptions.TrimEntries).Select(s =>
            long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new FormatException($"--offsets: \"{s}\" is not a non-negative whole number of ticks")).ToList();
    }

    private static CostUnit ParseCostUnit(string? text) => text switch
    {
        "spot" => CostUnit.Spot,
        "usd" => CostUnit.Usd,
        _ => throw new FormatException($"--cost-unit: \"{text}\"; expected spot or usd"),
    };

    private static TraceValueMeaning? ParseMeaning(string? text) => text switch
    {
        null => null,
        "availability" => TraceValueMeaning.Availability,
        "inverted" => TraceValueMeaning.InvertedAvailability,
        "count" => TraceValueMeaning.Count,
        _ => throw new FormatException($"--trace-values: \"{text}\"; expected availability, inverted or count"),
    };
}
