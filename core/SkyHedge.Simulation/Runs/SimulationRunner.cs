using SkyHedge.Core.Policies;
using SkyHedge.Simulation.Engine;
using SkyHedge.Simulation.Latency;
using SkyHedge.Simulation.Optimal;
using SkyHedge.Simulation.Workloads;

namespace SkyHedge.Simulation.Runs;

/// <summary>
/// Runs every (policy, repeat) of a simulation and every workload's latency model over it. Repeat i's window
/// offset and zone order come from (seed, i) alone and are shared by every policy; each (policy, repeat) job
/// has its own seeded randomness, so results never depend on which other policies are listed, nor on the
/// order jobs run in parallel.
/// </summary>
public sealed class SimulationRunner
{
    public const string OptimalName = "optimal";

    private readonly SimulationSettings _settings;
    private readonly TraceSet _traces;
    private readonly Dictionary<SkyHedge.Core.Model.Location, double> _spotPrice = [];
    private readonly double _onDemandPrice;

    public SimulationRunner(SimulationSettings settings, TraceSet traces)
    {
        settings.Validate();
        foreach (var p in settings.Policies)
        {
            if (p != OptimalName && !FleetPolicies.Names.Contains(p))
            {
                throw new ArgumentException($"unknown policy \"{p}\"; expected one of {string.Join(", ", AllPolicyNames)}");
            }
        }

        _settings = settings;
        _traces = traces;
        if (settings.CostUnit == CostUnit.Usd)
        {
            var pricing = ZonePricing.FromCatalog(traces.Zones, SkyHedge.Core.Catalog.PriceCatalog.Default);
            for (var z = 0; z < traces.Zones.Count; z++)
            {
                _spotPrice[traces.Zones[z].Location] = pricing.Spot[z];
            }

            _onDemandPrice = pricing.OnDemand;
        }

        if (traces.SpanTicks(settings.TickSeconds) < settings.WindowTicks)
        {
            throw new ArgumentException(
                $"the traces cover {traces.SpanSeconds / 3600:0.##} h, shorter than a {settings.Hours:0.##} h window");
        }
    }

    public static IReadOnlyList<string> AllPolicyNames { get; } = [.. FleetPolicies.Names, OptimalName];

    /// <summary>The windows every policy is evaluated on.</summary>
    public IReadOnlyList<Window> Windows()
    {
        var s = _settings;
        var last = _traces.SpanTicks(s.TickSeconds) - s.WindowTicks;
        var windows = new List<Window>();
        for (var i = 0; i < s.EffectiveRepeats; i++)
        {
            var rng = Seeds.Random(s.Seed, i, Seeds.Window);
            long offset;
            if (s.Offsets is { } given)
            {
                offset = given[i];
                if (offset > last)
                {
                    throw new ArgumentException($"offset {offset} leaves less than {s.Hours:0.##} h of trace (last valid offset is {last})");
                }
            }
            else
            {
                offset = last == 0 ? 0 : rng.NextInt64(0, last);
            }

            var order = Enumerable.Range(0, _traces.Zones.Count).ToArray();
            rng.Shuffle(order);
            var zones = order.Select(z => _traces.Zones[z]).ToList();
            var infos = zones.Select(z => new ZoneInfo(z.Location, SpotPrice(z.Location), OnDemandPrice)).ToList();
            windows.Add(new Window(i, offset, s.WindowTicks, zones, infos, s.TickSeconds));
        }

        return windows;
    }

    public SimulationReport Run(IProgress<string>? progress = null)
    {
        var s = _settings;
        var windows = Windows();
        var workloads = s.Workloads.Select(w => WorkloadParser.Parse(w, s.Seed)).ToList();
        var jobs = (from p in s.Policies from w in windows select (Policy: p, Window: w)).ToList();
        var results = new RepeatResult[jobs.Count][];
        var done = 0;
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, j =>
        {
            var (policy, window) = jobs[j];
            var run = RunFleet(policy, window);
            results[j] = workloads.Select(w => Score(run, window, w)).ToArray();
            var n = Interlocked.Increment(ref done);
            progress?.Report($"[{n}/{jobs.Count}] {policy} repeat {window.Repeat} (offset {window.Offset})");
        });

        var summaries = new List<PolicyResult>();
        for (var w = 0; w < workloads.Count; w++)
        {
            foreach (var policy in s.Policies)
            {
                var repeats = jobs.Select((job, j) => (job, r: results[j][w])).Where(x => x.job.Policy == policy).Select(x => x.r).ToList();
                summaries.Add(Summarise(policy, workloads[w].Name, repeats));
            }
        }

        return new SimulationReport(ReportSettings(windows), summaries);
    }

    internal FleetRun RunFleet(string policy, Window window)
    {
        var s = _settings;
        if (policy == OptimalName)
        {
            var capacity = new int[window.Zones.Count][];
            for (var z = 0; z < capacity.Length; z++)
            {
                capacity[z] = new int[window.Ticks];
                for (var t = 0; t < window.Ticks; t++)
                {
                    capacity[z][t] = window.Capacity(z, t);
                }
            }

            var prices = window.ZoneInfos.Select(z => z.SpotPrice).ToArray();
            var input = new OptimalInput(capacity, s.Target, s.Overprovision, s.ColdStartTicks, OnDemandPrice, prices);
            var plan = OptimalPlanner.Solve(input, Timeout.InfiniteTimeSpan);
            return new FleetRun(plan.Spot.Select(row => row.Sum()).ToArray(), plan.OnDemand, plan.Active, plan.Spot, 0, 0, 0);
        }

        var rng = Seeds.Random(s.Seed, window.Repeat, Seeds.Policy);
        var fleet = FleetPolicies.Create(policy, window.Zones.Count, s.Overprovision, rng);
        return new FleetSimulator(s.ColdStartTicks, s.NoticeTicks).Run(fleet, window, _ => s.Target);
    }

    // Per replica-tick, in the cost unit: spot units (1 and the ratio) or dollars.
    private double SpotPrice(SkyHedge.Core.Model.Location zone) =>
        _settings.CostUnit == CostUnit.Usd ? _spotPrice[zone] * _settings.TickSeconds / 3600 : 1;

    private double OnDemandPrice =>
        _settings.CostUnit == CostUnit.Usd ? _onDemandPrice * _settings.TickSeconds / 3600 : _settings.OnDemandCostRatio;

    private RepeatResult Score(FleetRun run, Window window, Workload workload)
    {
        var s = _settings;
        var c = s.ColdStartTicks;
        var met = 0;
        double cost = 0, cost0 = 0, ondemandCost = 0;
        long spotTicks = 0, odTicks = 0;
        for (var t = 0; t < window.Ticks; t++)
        {
            var tickCost = OnDemandPrice * run.OnDemand[t];
            for (var z = 0; z < window.ZoneInfos.Count; z++)
            {
                tickCost += window.ZoneInfos[z].SpotPrice * run.SpotByZone[t][z];
            }

            cost0 += tickCost;
            if (t < c)
            {
                continue;
            }

            cost += tickCost;
            ondemandCost += OnDemandPrice * s.Target;
            spotTicks += run.Spot[t];
            odTicks += run.OnDemand[t];
            met += run.Active[t] >= s.Target ? 1 : 0;
        }

        var evaluated = window.Ticks - c;
        var arrivals = workload.ArrivalsUntil(evaluated * s.TickSeconds);
        var latency = new SpotHedgeLatencyModel().Run(
            run.Active.AsSpan(c), s.TickSeconds, arrivals, workload.Clients, Seeds.Random(s.Seed, window.Repeat, Seeds.Service));
        return new RepeatResult(
            window.Repeat, window.Offset, window.Zones.Select(z => z.Location.ToString()).ToList(),
            (double)met / evaluated, cost, cost0, ondemandCost, spotTicks, odTicks,
            run.Launches, run.FailedLaunches, run.Preemptions,
            new LatencySummary(latency.P50, latency.P90, latency.P99, latency.P999), latency.Requests, latency.Failures);
    }

    private PolicyResult Summarise(string policy, string workload, List<RepeatResult> r)
    {
        var lat = new LatencySummary(
            r.Average(x => x.Latency.P50), r.Average(x => x.Latency.P90), r.Average(x => x.Latency.P99), r.Average(x => x.Latency.P999));
        var requests = r.Sum(x => (long)x.Requests);
        return new PolicyResult(
            policy, _traces.Label, workload, r.Count,
            r.Average(x => x.Availability), r.Min(x => x.Availability), r.Max(x => x.Availability),
            r.Average(x => x.Cost), r.Min(x => x.Cost), r.Max(x => x.Cost),
            r.Sum(x => x.Cost) / r.Sum(x => x.OnDemandCost),
            lat, requests == 0 ? 0 : (double)r.Sum(x => (long)x.Failures) / requests, r);
    }

    private ReportSettings ReportSettings(IReadOnlyList<Window> windows)
    {
        var s = _settings;
        return new ReportSettings(
            s.SpotTraces, s.TraceGapSeconds, _traces.Zones.Select(z => z.Location.ToString()).ToList(), _traces.SpanSeconds / 3600,
            s.Workloads, s.Policies, s.Hours, s.EffectiveRepeats, s.Seed, windows.Select(w => w.Offset).ToList(),
            s.TickSeconds, s.ColdStartSeconds, s.Target, s.Overprovision, s.OnDemandCostRatio, s.NoticeSeconds,
            s.CostUnit == CostUnit.Usd ? "usd" : "spot-units", "spothedge");
    }
}
