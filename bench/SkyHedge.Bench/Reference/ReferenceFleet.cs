using SkyHedge.Core.Policies;
using SkyHedge.Simulation.Engine;

namespace SkyHedge.Bench.Reference;

/// <summary>
/// The fleet half of the reference: the SpotHedge artifact's formulation written out plainly. Each tick the
/// policy's plan is stored in <c>spotPlan[t][zone]</c> (capped by the trace) and <c>odPlan[t]</c>; every quantity
/// the policy observes is then recomputed from those arrays, for every zone, every tick: ready = the minimum
/// held over the cold-start window, launch times by walking back through the arrays. No replica lists, no
/// reconciler, nothing incremental, so it shares no bookkeeping with <see cref="FleetSimulator"/>; only the
/// policy classes are shared, so both make the same decisions when they see the same observations.
/// </summary>
internal sealed class ReferenceFleet
{
    private readonly int _coldStartTicks;
    private readonly int _noticeTicks;

    public ReferenceFleet(int coldStartTicks, int noticeTicks)
    {
        _coldStartTicks = coldStartTicks;
        _noticeTicks = noticeTicks;
    }

    public ReferenceFleetRun Run(IFleetPolicy policy, Window window, int target)
    {
        var n = window.Ticks;
        var zones = window.Zones.Count;
        var capacity = new int[n][];
        for (var t = 0; t < n; t++)
        {
            capacity[t] = new int[zones];
            for (var z = 0; z < zones; z++)
            {
                capacity[t][z] = window.Capacity(z, t);
            }
        }

        var spotPlan = new int[n][];
        var requested = new int[n][];
        var failed = new int[n][];
        var preempted = new int[n][];
        var odPlan = new int[n];
        int launches = 0, failedTotal = 0, preemptedTotal = 0;
        for (var t = 0; t < n; t++)
        {
            var obs = Observe(window, t, target, capacity, spotPlan, requested, failed, preempted, odPlan);
            var plan = policy.Decide(obs);
            spotPlan[t] = new int[zones];
            requested[t] = new int[zones];
            failed[t] = new int[zones];
            preempted[t] = new int[zones];
            for (var z = 0; z < zones; z++)
            {
                var before = t == 0 ? 0 : spotPlan[t - 1][z];
                var wanted = plan.Spot[z];
                var launched = Math.Max(0, wanted - before);
                var held = Math.Min(wanted, capacity[t][z]);

                // The cloud takes the youngest first, so this tick's launches are the first to fail.
                var lost = wanted - held;
                requested[t][z] = wanted;
                spotPlan[t][z] = held;
                failed[t][z] = Math.Min(lost, launched);
                preempted[t][z] = lost - failed[t][z];
                launches += launched;
                failedTotal += failed[t][z];
                preemptedTotal += preempted[t][z];
            }

            launches += Math.Max(0, plan.OnDemand - (t == 0 ? 0 : odPlan[t - 1]));
            odPlan[t] = plan.OnDemand;
        }

        var spot = new int[n];
        var active = new int[n];
        for (var t = 0; t < n; t++)
        {
            for (var z = 0; z < zones; z++)
            {
                spot[t] += spotPlan[t][z];
                active[t] += Ready(u => spotPlan[u][z], t);
            }

            active[t] += Ready(u => odPlan[u], t);
        }

        return new ReferenceFleetRun(spot, odPlan, active, launches, failedTotal, preemptedTotal);
    }

    // What the policy may know at tick t: the outcome of tick t − 1, rebuilt from the arrays alone.
    private FleetObservation Observe(
        Window window, int t, int target, int[][] capacity, int[][] spotPlan, int[][] requested, int[][] failed, int[][] preempted, int[] odPlan)
    {
        var obs = new FleetObservation(window.ZoneInfos) { Tick = t, TickSeconds = window.TickSeconds, Target = target };
        if (t == 0)
        {
            return obs;
        }

        var last = t - 1;
        for (var z = 0; z < window.Zones.Count; z++)
        {
            var alive = spotPlan[last][z];
            var ready = Ready(u => spotPlan[u][z], last);
            obs.Requested[z] = requested[last][z];
            obs.Alive[z] = alive;
            obs.ReadySpot[z] = ready;
            obs.FailedLaunches[z] = failed[last][z];
            obs.Preempted[z] = preempted[last][z];
            obs.Noticed[z] = Doomed(capacity, z, last, alive);
            for (var i = ready; i < alive; i++)
            {
                obs.PendingSpotReadyAt.Add(LaunchTick(u => spotPlan[u][z], last, i) + _coldStartTicks);
            }
        }

        obs.PendingSpotReadyAt.Sort();
        obs.AliveOnDemand = odPlan[last];
        obs.ReadyOnDemand = Ready(u => odPlan[u], last);
        for (var i = obs.ReadyOnDemand; i < obs.AliveOnDemand; i++)
        {
            obs.PendingOnDemandReadyAt.Add(LaunchTick(u => odPlan[u], last, i) + _coldStartTicks);
        }

        return obs;
    }

    // The artifact's active count: replicas held at every tick of [t − C, t]; none before the first cold start.
    private int Ready(Func<int, int> held, int t)
    {
        if (t < _coldStartTicks)
        {
            return 0;
        }

        var min = int.MaxValue;
        for (var u = t - _coldStartTicks; u <= t; u++)
        {
            min = Math.Min(min, held(u));
        }

        return min;
    }

    // Replica number i (oldest = 0) was launched at the first tick of the run of ticks, ending at t, during which
    // more than i replicas were held.
    private static int LaunchTick(Func<int, int> held, int t, int i)
    {
        var u = t;
        while (u > 0 && held(u - 1) > i)
        {
            u--;
        }

        return u;
    }

    private int Doomed(int[][] capacity, int zone, int t, int alive)
    {
        var minCap = alive;
        for (var u = t + 1; u <= t + _noticeTicks && u < capacity.Length; u++)
        {
            minCap = Math.Min(minCap, capacity[u][zone]);
        }

        return alive - minCap;
    }
}
