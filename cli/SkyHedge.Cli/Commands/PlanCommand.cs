using System.CommandLine;
using System.Globalization;
using SkyHedge.Cli.Admin;
using SkyHedge.Cli.Output;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;
using SkyHedge.Planning;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge plan</c>: the cost-minimal GPU mix for a request-size distribution and rate under a TPOT SLO
/// (Mélange's ILP), with every single-type allocation for comparison.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var requests = new Option<string>("--requests")
        {
            Description = "Request sizes: an Azure LLM trace CSV (ContextTokens,GeneratedTokens) or ShareGPT stats (num_prefill_tokens,num_decode_tokens).",
            Required = true,
        };
        var rate = new Option<double>("--rate") { Description = "Total request rate to plan for (requests/s).", Required = true };
        var tpot = new Option<double>("--tpot-slo-ms") { Description = "Time-per-output-token SLO in milliseconds.", Required = true };
        var ttft = new Option<double?>("--ttft-slo-ms") { Description = "Optional time-to-first-token SLO in milliseconds (unqueued)." };
        var gpus = new Option<string?>("--gpus") { Description = "GPU specs and prices CSV (gpu,memory_gb,mem_bw_gbps,fp16_tflops,on_demand_usd_per_hr); default: the shipped table." };
        var profiles = new Option<string?>("--profiles")
        {
            Description = "Measured throughputs that replace the model where they match (gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps).",
        };
        var slices = new Option<int>("--slice-factor") { Description = "Slices per bucket's rate (Mélange's default 8; 1 = whole buckets).", DefaultValueFactory = _ => 8 };
        var floor = new Option<int>("--min-replicas") { Description = "At least this many replicas in total.", DefaultValueFactory = _ => 0 };
        var caps = new Option<string[]>("--cap") { Description = "GPU=N: at most N replicas of that type (what can be obtained); repeatable." };
        var market = new Option<string>("--market")
        {
            Description = "on-demand (the GPU table's prices, as Mélange) or spot (each type's cheapest per-GPU spot price in the shipped price catalog).",
            DefaultValueFactory = _ => "on-demand",
        };
        var cloud = new Option<string?>("--cloud") { Description = "With --market spot: only this cloud's prices (aws, gcp or azure)." };
        var routing = new Option<string?>("--routing")
        {
            Description = "Also write the router's bucket → pool table to FILE (the body PUT /api/services/NAME/routing takes).",
        };
        var json = new Option<string?>("--json") { Description = "Write the plan as JSON: to stdout alone (no value) or to FILE.", Arity = ArgumentArity.ZeroOrOne };

        var command = new Command("plan", "Plan the cost-minimal GPU mix for a request-size distribution and rate under a TPOT SLO.")
        {
            requests, rate, tpot, ttft, gpus, profiles, slices, floor, caps, market, cloud, routing, json,
        };
        command.SetAction(parse =>
        {
            var jsonToStdout = parse.GetResult(json) is not null && string.IsNullOrEmpty(parse.GetValue(json));
            var text = jsonToStdout ? stderr : stdout;
            try
            {
                var total = Positive(parse.GetValue(rate), "--rate");
                var slo = TimeSpan.FromMilliseconds(Positive(parse.GetValue(tpot), "--tpot-slo-ms"));
                TimeSpan? firstToken = parse.GetValue(ttft) is { } t ? TimeSpan.FromMilliseconds(Positive(t, "--ttft-slo-ms")) : null;
                var catalog = parse.GetValue(gpus) is { } file ? LoadCatalog(file) : GpuCatalog.Default;
                var profile = ModelProfile.Llama2_7B;
                var demand = Demand.From(RequestSizes.Load(parse.GetValue(requests)!), profile.MaxContextTokens);
                var limits = Caps(parse.GetValue(caps) ?? [], catalog);
                var types = Prices(catalog, parse.GetValue(market)!, parse.GetValue(cloud), text)
                    .Select(p => new PlanGpu(p.Gpu, p.Price, limits.TryGetValue(p.Gpu, out var cap) ? cap : null)).ToList();
                var throughput = MixPlanning.FromModel(profile, slo, firstToken, catalog);
                if (parse.GetValue(profiles) is { } measured)
                {
                    throughput = MeasuredProfiles.Load(measured).Over(throughput, slo);
                }

                var problem = MixPlanning.Problem(demand, total, types, throughput, parse.GetValue(slices), parse.GetValue(floor));
                var plan = MixPlanner.Solve(problem);
                var baselines = MixPlanning.SingleTypeBaselines(problem);
                if (demand.TooLong > 0)
                {
                    text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"note: {demand.TooLong} of {demand.Requests} requests ({100.0 * demand.TooLong / demand.Requests:0.0}%) exceed {profile.Name}'s {profile.MaxContextTokens}-token context and are left out; the rate is spread over the rest."));
                }

                if (parse.GetValue(routing) is { } tableFile)
                {
                    JsonOutput.WriteText(plan.ToRoutingTable().ToJson(), tableFile, stdout);
                }

                if (parse.GetResult(json) is not null)
                {
                    JsonOutput.Write(Report(plan, baselines), parse.GetValue(json), stdout);
                }

                if (!jsonToStdout)
                {
                    PrintTable(stdout, plan, baselines, total, slo);
                }

                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or InfeasibleMixException or IOException)
            {
                stderr.WriteLine($"skyhedge: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static object Report(MixPlan plan, IReadOnlyList<(string Gpu, MixPlan? Plan)> baselines) => new
    {
        mix = plan.Counts,
        costPerHour = plan.CostPerHour,
        solveSeconds = Math.Round(plan.SolveSeconds, 3),
        optimal = plan.Optimal,
        assignment = plan.Assignment.Select(a => new
        {
            input = new int?[] { a.Input.Low, a.Input.High },
            output = new int?[] { a.Output.Low, a.Output.High },
            gpu = a.Gpu,
            rate = Math.Round(a.Rate, 6),
        }),
        baselines = baselines.Select(b => new
        {
            gpu = b.Gpu,
            feasible = b.Plan is not null,
            count = b.Plan?.Counts.Values.Sum(),
            costPerHour = b.Plan?.CostPerHour,
        }),
    };

    private static void PrintTable(TextWriter stdout, MixPlan plan, IReadOnlyList<(string Gpu, MixPlan? Plan)> baselines, double rate, TimeSpan slo)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(inv, $"Mix for {rate:0.###} requests/s at TPOT ≤ {slo.TotalMilliseconds:0} ms: {string.Join(" + ", plan.Counts.Select(c => $"{c.Value} {c.Key}"))} = ${plan.CostPerHour:0.00}/h (solved in {plan.SolveSeconds:0.000} s{(plan.Optimal ? string.Empty : ", not proven optimal")})"));
        stdout.WriteLine();
        stdout.WriteLine($"{"input tokens",-14} {"output tokens",-14} {"gpu",-10} {"requests/s",10}");
        foreach (var a in plan.Assignment)
        {
            stdout.WriteLine(string.Create(inv, $"{a.Input,-14} {a.Output,-14} {a.Gpu,-10} {a.Rate,10:0.000}"));
        }

        stdout.WriteLine();
        stdout.WriteLine("Single GPU type, for comparison:");
        foreach (var (gpu, single) in baselines.OrderBy(b => b.Plan?.CostPerHour ?? decimal.MaxValue))
        {
            stdout.WriteLine(single is null
                ? $"  {gpu,-10} cannot meet the SLO for every bucket"
                : string.Create(inv, $"  {gpu,-10} {single.Counts.Values.Sum(),3} replica{(single.Counts.Values.Sum() == 1 ? " " : "s")} = ${single.CostPerHour:0.00}/h (the mix costs {(single.CostPerHour - plan.CostPerHour) / single.CostPerHour:P0} less)"));
        }
    }

    // GPU=N pairs; the GPU must be in the table.
    private static Dictionary<string, int> Caps(IEnumerable<string> given, GpuCatalog catalog)
    {
        var caps = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in given)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var spec = equals > 0 ? catalog.Find(text[..equals]) : null;
            if (spec is null || !int.TryParse(text[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw new ArgumentException($"--cap: expected GPU=N with a GPU of the table ({string.Join(", ", catalog.All.Select(g => g.Id))}) and N ≥ 0, got '{text}'.");
            }

            caps[spec.Id] = n;
        }

        return caps;
    }

    // Each type's price: the table's on-demand price, or its cheapest per-GPU spot price in the shipped catalog
    // (types without one are left out, with a note).
    private static List<(string Gpu, decimal Price)> Prices(GpuCatalog catalog, string market, string? cloud, TextWriter notes)
    {
        switch (market)
        {
            case "on-demand":
                return [.. catalog.All.Select(g => (g.Id, g.OnDemandUsdPerHour))];
            case "spot":
                var prices = new List<(string, decimal)>();
                foreach (var gpu in catalog.All)
                {
                    var offers = PriceCatalog.Default.Find(cloud, gpu.Id, Core.Model.Market.Spot);
                    if (offers.Count == 0)
                    {
                        notes.WriteLine($"note: no spot price for {gpu.Id}{(cloud is null ? string.Empty : " on " + cloud)} in the price catalog; it is left out.");
                        continue;
                    }

                    prices.Add((gpu.Id, Math.Round(offers.Min(o => o.HourlyPrice / o.AcceleratorCount), 6)));
                }

                return prices.Count > 0 ? prices : throw new ArgumentException($"no GPU has a spot price{(cloud is null ? string.Empty : " on " + cloud)} in the price catalog.");
            default:
                throw new ArgumentException($"--market: expected on-demand or spot, got '{market}'.");
        }
    }

    private static GpuCatalog LoadCatalog(string file)
    {
        using var reader = File.OpenText(file);
        return GpuCatalog.Load(reader, file);
    }

    private static double Positive(double value, string flag) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentException($"{flag} must be a positive number, got {value.ToString(CultureInfo.InvariantCulture)}.");
}
