using SkyHedge.Core.Control;
using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;

namespace SkyHedge.Simulation.Engine;

/// <summary>
/// Drives an online policy through one window with a virtual clock, using the same <see cref="Reconciler"/> as
/// the control plane. Semantics follow the SpotHedge artifact so numbers compare with the paper: every tick the
/// policy plans; the reconciler launches and terminates; then each zone's spot count is capped by the trace's
/// capacity (the youngest excess is lost: a launch that cannot get capacity fails, older ones are preempted);
/// the policy sees that outcome at the next tick. A replica is ready once it has existed for the whole
/// cold-start window.
/// </summary>
public sealed class FleetSimulator
{
    private readonly int _coldStartTicks;
    private readonly int _noticeTicks;

    /// <param name="coldStartTicks">Ticks from launch to ready (120 s / 30 s = 4).</param>
    /// <param name="noticeTicks">Interruption notice lead time in ticks; 0 = no notices.</param>
    public FleetSimulator(int coldStartTicks, int noticeTicks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(coldStartTicks);
        ArgumentOutOfRangeException.ThrowIfNegative(noticeTicks);
        _coldStartTicks = coldStartTicks;
        _noticeTicks = noticeTicks;
    }

    public FleetRun Run(IFleetPolicy policy, Window window, Func<int, int> targetAt)
    {
        var zones = window.Zones.Count;
        var n = window.Ticks;
        // Launch ticks per zone, oldest first; the reconciler removes the youngest, so these stay sorted.
        var spot = new List<long>[zones];
        for (var z = 0; z < zones; z++)
        {
            spot[z] = [];
        }

        var onDemand = new List<long>();
        var obs = new FleetObservation(window.ZoneInfos) { TickSeconds = window.TickSeconds };
        var byZone = new int[n][];
        var run = new FleetRun(new int[n], new int[n], new int[n], byZone, 0, 0, 0);
        int launches = 0, failed = 0, preempted = 0;
        var views = new List<ReplicaView>();
        var removals = new List<string>();
        for (var t = 0; t < n; t++)
        {
            obs.Tick = t;
            obs.Target = targetAt(t);
            var plan = policy.Decide(obs);
            if (plan.Spot.Length != zones || plan.OnDemand < 0 || plan.Spot.Any(s => s < 0))
            {
                throw new InvalidOperationException($"policy {policy.Name} returned an invalid plan at tick {t}");
            }

            views.Clear();
            AddViews(views, spot, onDemand, t - _coldStartTicks);
            removals.Clear();
            foreach (var d in Reconciler.Decide(plan, views))
            {
                switch (d)
                {
                    case LaunchDecision { Market: Market.OnDemand }:
                        onDemand.Add(t);
                        launches++;
                        break;
                    case LaunchDecision l:
                        spot[l.Zone].Add(t);
                        launches++;
                        break;
                    case TerminateDecision k:
                        removals.Add(k.ReplicaId);
                        break;
                }
            }

            Remove(spot, onDemand, removals);

            byZone[t] = new int[zones];
            obs.PendingSpotReadyAt.Clear();
            obs.PendingOnDemandReadyAt.Clear();
            for (var z = 0; z < zones; z++)
            {
                var list = spot[z];
                obs.Requested[z] = list.Count;
                obs.FailedLaunches[z] = 0;
                obs.Preempted[z] = 0;
                var cap = window.Capacity(z, t);
                while (list.Count > cap)
                {
                    if (list[^1] == t)
                    {
                        obs.FailedLaunches[z]++;
                        failed++;
                    }
                    else
                    {
                        obs.Preempted[z]++;
                        preempted++;
                    }

                    list.RemoveAt(list.Count - 1);
                }

                obs.Alive[z] = list.Count;
                obs.ReadySpot[z] = CountReady(list, t);
                AddPending(obs.PendingSpotReadyAt, list, obs.ReadySpot[z]);
                obs.Noticed[z] = _noticeTicks == 0 ? 0 : Doomed(window, z, t, list.Count);
                run.Spot[t] += list.Count;
                byZone[t][z] = list.Count;
                run.Active[t] += obs.ReadySpot[z];
            }

            obs.AliveOnDemand = onDemand.Count;
            obs.ReadyOnDemand = CountReady(onDemand, t);
            AddPending(obs.PendingOnDemandReadyAt, onDemand, obs.ReadyOnDemand);
            obs.PendingSpotReadyAt.Sort();
            run.OnDemand[t] = onDemand.Count;
            run.Active[t] += obs.ReadyOnDemand;
        }

        return run with { Launches = launches, FailedLaunches = failed, Preemptions = preempted };
    }

    private void AddPending(List<int> readyAt, List<long> launchedAt, int ready)
    {
        for (var i = ready; i < launchedAt.Count; i++)
        {
            readyAt.Add((int)launchedAt[i] + _coldStartTicks);
        }
    }

    private int CountReady(List<long> launchedAt, int t)
    {
        var ready = 0;
        foreach (var at in launchedAt)
        {
            if (at <= t - _coldStartTicks)
            {
                ready++;
            }
            else
            {
                break;
            }
        }

        return ready;
    }

    // Replicas the cloud will take within the notice lead time if the fleet stays as it is: what a cloud's
    // interruption notices tell the instances they are about to go.
    private int Doomed(Window window, int zone, int t, int alive)
    {
        var minCap = alive;
        for (var u = t + 1; u <= t + _noticeTicks && u < window.Ticks; u++)
        {
            minCap = Math.Min(minCap, window.Capacity(zone, u));
        }

        return alive - minCap;
    }

    // Ready means launched by `readyBy`. Ready replicas are the oldest, so the reconciler's "youngest, not-ready
    // first" removal keeps each zone's list sorted, and "ready" equals the artifact's min-over-window count.
    private static void AddViews(List<ReplicaView> views, List<long>[] spot, List<long> onDemand, int readyBy)
    {
        for (var z = 0; z < spot.Length; z++)
        {
            for (var i = 0; i < spot[z].Count; i++)
            {
                views.Add(new ReplicaView(Id(z, i), z, Market.Spot, spot[z][i], spot[z][i] <= readyBy));
            }
        }

        for (var i = 0; i < onDemand.Count; i++)
        {
            views.Add(new ReplicaView(Id(-1, i), -1, Market.OnDemand, onDemand[i], onDemand[i] <= readyBy));
        }
    }

    // Ids encode zone and position in that zone's list.
    private static string Id(int zone, int index) => FormattableString.Invariant($"{zone}:{index}");

    private static void Remove(List<long>[] spot, List<long> onDemand, List<string> ids)
    {
        var parsed = ids.Select(id =>
        {
            var colon = id.IndexOf(':', StringComparison.Ordinal);
            return (Zone: int.Parse(id.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture),
                Index: int.Parse(id.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
        });

        // Highest index first so the positions of the others stay valid.
        foreach (var (zone, index) in parsed.OrderByDescending(p => p.Index))
        {
            (zone < 0 ? onDemand : spot[zone]).RemoveAt(index);
        }
    }
}
