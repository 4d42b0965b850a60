using SkyHedge.Core.Policies;
using SkyHedge.Simulation.Engine;
using SkyHedge.Simulation.Latency;
using SkyHedge.Simulation.Runs;
using SkyHedge.Simulation.Workloads;

namespace SkyHedge.Bench.Reference;

/// <summary>
/// Runs the reference over the same windows, seeds and workloads as <see cref="SimulationRunner"/> (windows,
/// seeds and arrival sequences are inputs, so they are taken from the product), for the online policies asked
/// for. Jobs run in parallel on every core like the product's, so the speed ratio measures the algorithms, not
/// the thread count.
/// </summary>
internal sealed class ReferenceRunner
{
    private readonly SimulationSettings _settings;
    private readonly TraceSet _traces;

    public ReferenceRunner(SimulationSettings settings, TraceSet traces)
    {
        _settings = settings;
        _traces = traces;
    }

    /// <param name="withLatency">False: fleet only (availability and cost), no per-request simulation.</param>
    public IReadOnlyList<ReferenceRepeat> Run(IReadOnlyList<string> policies, bool withLatency)
    {
        var s = _settings;
        var windows = new SimulationRunner(s, _traces).Windows();
        var workloads = withLatency ? s.Workloads.Select(w => WorkloadParser.Parse(w, s.Seed)).ToList() : [];
        var jobs = (from p in policies from w in windows select (Policy: p, Window: w)).ToList();
        var results = new ReferenceRepeat[jobs.Count][];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, j =>
        {
            var (policy, window) = jobs[j];
            var fleet = FleetPolicies.Create(policy, window.Zones.Count, s.Overprovision, Seeds.Random(s.Seed, window.Repeat, Seeds.Policy));
            var run = new ReferenceFleet(s.ColdStartTicks, s.NoticeTicks).Run(fleet, window, s.Target);
            results[j] = withLatency
                ? workloads.Select(w => Score(policy, run, window, w)).ToArray()
                : [Score(policy, run, window, null)];
        });

        return results.SelectMany(r => r).ToList();
    }

    private ReferenceRepeat Score(string policy, ReferenceFleetRun run, Window window, Workload? workload)
    {
        var s = _settings;
        var c = s.ColdStartTicks;
        var evaluated = window.Ticks - c;
        double cost = 0, costFromTick0 = 0;
        long spotTicks = 0, onDemandTicks = 0;
        var met = 0;
        for (var t = 0; t < window.Ticks; t++)
        {
            var tickCost = run.Spot[t] + (s.OnDemandCostRatio * run.OnDemand[t]);
            costFromTick0 += tickCost;
            if (t >= c)
            {
                cost += tickCost;
                spotTicks += run.Spot[t];
                onDemandTicks += run.OnDemand[t];
                met += run.Active[t] >= s.Target ? 1 : 0;
            }
        }

        ReferenceLatencyResult? latency = null;
        if (workload is not null)
        {
            var arrivals = workload.ArrivalsUntil(evaluated * s.TickSeconds);
            latency = new ReferenceLatency(SpotHedgeLatencyModel.DefaultMeanServiceSeconds, SpotHedgeLatencyModel.DefaultTimeoutSeconds).Run(
                run.Active.AsSpan(c), s.TickSeconds, arrivals, workload.Clients, Seeds.Random(s.Seed, window.Repeat, Seeds.Service));
        }

        return new ReferenceRepeat(
            policy, workload?.Name, window.Repeat, (double)met / evaluated, cost, costFromTick0, spotTicks, onDemandTicks,
            run.Launches, run.FailedLaunches, run.Preemptions, latency);
    }
}
