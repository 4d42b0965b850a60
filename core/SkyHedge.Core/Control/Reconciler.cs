using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Control;

/// <summary>
/// Turns a policy's <see cref="FleetPlan"/> into launches and terminations against the live replicas. Pure:
/// the simulator and the durable control loop call the same code.
/// </summary>
/// <remarks>
/// Where a zone (or the on-demand pool) has more replicas than planned, the youngest go first, not-ready ones
/// before ready ones: a replica that finished its cold start is worth keeping, and removing the youngest is
/// also what makes "active = existed through the whole cold-start window" equal the paper's
/// min-over-window count.
/// </remarks>
public static class Reconciler
{
    public const string ScaleInReason = "scale-in";

    public static IReadOnlyList<Decision> Decide(FleetPlan plan, IReadOnlyList<ReplicaView> replicas)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(replicas);
        var decisions = new List<Decision>();
        var zones = plan.Spot.Length;
        var byZone = new List<ReplicaView>?[zones];
        var onDemand = new List<ReplicaView>();
        foreach (var r in replicas)
        {
            if (r.Market == Market.OnDemand)
            {
                onDemand.Add(r);
            }
            else
            {
                if ((uint)r.Zone >= (uint)zones)
                {
                    throw new ArgumentException($"spot replica {r.Id} is in zone {r.Zone}, outside the plan's {zones} zones", nameof(replicas));
                }

                (byZone[r.Zone] ??= []).Add(r);
            }
        }

        for (var z = 0; z < zones; z++)
        {
            Reconcile(plan.Spot[z], byZone[z], z, Market.Spot, decisions);
        }

        Reconcile(plan.OnDemand, onDemand, -1, Market.OnDemand, decisions);
        return decisions;
    }

    private static void Reconcile(int wanted, List<ReplicaView>? have, int zone, Market market, List<Decision> decisions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        var count = have?.Count ?? 0;
        for (var i = count; i < wanted; i++)
        {
            decisions.Add(new LaunchDecision(zone, market));
        }

        if (count <= wanted)
        {
            return;
        }

        have!.Sort(KeepFirst);
        for (var i = wanted; i < count; i++)
        {
            decisions.Add(new TerminateDecision(have[i].Id, ScaleInReason));
        }
    }

    // Ready before not-ready, then oldest first: the tail of the sorted list is what goes.
    private static int KeepFirst(ReplicaView a, ReplicaView b)
    {
        if (a.Ready != b.Ready)
        {
            return a.Ready ? -1 : 1;
        }

        var byAge = a.LaunchedAt.CompareTo(b.LaunchedAt);
        return byAge != 0 ? byAge : string.CompareOrdinal(a.Id, b.Id);
    }
}
