using SkyHedge.Core.Control;
using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;

namespace SkyHedge.Control.Controller;

/// <summary>The pure parts of a controller's decision: what the policy observes, what the reconciler sees, and
/// which old-version replicas a rolling update retires. Unit-tested without a durable engine.</summary>
public static class FleetMath
{
    /// <summary>The current version's counting replicas of <paramref name="group"/>, as the reconciler sees them
    /// (zone = index into the group's zones, -1 for on-demand).</summary>
    public static IReadOnlyList<ReplicaView> Views(ServiceObservation obs, GpuGroup group)
    {
        var index = ZoneIndex(obs, group);
        return obs.Replicas
            .Where(r => r.Counts && r.SpecVersion == obs.SpecVersion && group.Holds(r)
                && (r.Market == Market.OnDemand || (r.ZoneKey is not null && index.ContainsKey(r.ZoneKey))))
            .Select(r => new ReplicaView(r.Id, r.Market == Market.OnDemand ? -1 : index[r.ZoneKey!], r.Market, r.CreatedAt.UtcTicks, r.Ready))
            .ToList();
    }

    /// <summary>Old-version replicas to retire now: the not-ready ones at once (they serve nobody), the ready ones
    /// once the current version has the target ready, so capacity never dips during a rolling update.</summary>
    public static IReadOnlyList<string> Retire(ServiceObservation obs)
    {
        var newReady = obs.Replicas.Count(r => r.SpecVersion == obs.SpecVersion && r.Ready);
        return obs.Replicas
            .Where(r => r.Counts && r.SpecVersion != obs.SpecVersion && (!r.Ready || newReady >= obs.Target))
            .Select(r => r.Id)
            .ToList();
    }

    /// <summary>The policy's view of <paramref name="group"/> with <paramref name="target"/> replicas wanted: its
    /// own replicas per zone, its losses since the previous decision, and what it asked for then (from memory).</summary>
    public static FleetObservation Observe(ServiceObservation obs, GpuGroup group, int target, ControllerMemory memory, TimeSpan decisionInterval)
    {
        var zones = group.Zones.Select(z => new ZoneInfo(obs.Zones[z].Offering.Location, (double)obs.Zones[z].Offering.HourlyPrice, (double)(group.OnDemand?.HourlyPrice ?? 0))).ToList();
        var fleet = new FleetObservation(zones)
        {
            Target = target,
            TickSeconds = decisionInterval.TotalSeconds,
        };
        var index = ZoneIndex(obs, group);
        for (var z = 0; z < zones.Count; z++)
        {
            fleet.Requested[z] = memory.Requested.TryGetValue(obs.Zones[group.Zones[z]].Key, out var n) ? n : 0;
        }

        foreach (var r in obs.Replicas.Where(r => r.Counts && r.SpecVersion == obs.SpecVersion && group.Holds(r)))
        {
            if (r.Market == Market.OnDemand)
            {
                fleet.AliveOnDemand++;
                fleet.ReadyOnDemand += r.Ready ? 1 : 0;
            }
            else if (r.ZoneKey is not null && index.TryGetValue(r.ZoneKey, out var z))
            {
                fleet.Alive[z]++;
                fleet.ReadySpot[z] += r.Ready ? 1 : 0;
            }
        }

        foreach (var loss in obs.Losses)
        {
            if (index.TryGetValue(loss.ZoneKey, out var z))
            {
                if (loss.FailedLaunch)
                {
                    fleet.FailedLaunches[z]++;
                }
                else
                {
                    fleet.Preempted[z]++;
                }

                // A loss makes the zone's count drop below what was asked, which is how the placer learns it.
                fleet.Requested[z] = Math.Max(fleet.Requested[z], fleet.Alive[z] + 1);
            }
        }

        // A replica draining under an interruption notice no longer counts, so its replacement launches now; its zone
        // is about to take it, so mark the zone as a loss marks it and the replacement goes elsewhere. The loss itself
        // is counted once, when the drain ends as Preempted.
        foreach (var r in obs.Replicas.Where(r => r.Noticed && r.Market == Market.Spot && group.Holds(r)))
        {
            if (r.ZoneKey is not null && index.TryGetValue(r.ZoneKey, out var z))
            {
                fleet.Requested[z] = Math.Max(fleet.Requested[z], fleet.Alive[z] + 1);
            }
        }

        return fleet;
    }

    private static Dictionary<string, int> ZoneIndex(ServiceObservation obs, GpuGroup group) =>
        group.Zones.Select((z, i) => (obs.Zones[z].Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
}
