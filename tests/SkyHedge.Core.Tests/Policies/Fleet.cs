using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

/// <summary>Hand-built zones and observations for policy tests.</summary>
internal static class Fleet
{
    private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1"];

    /// <summary>One zone per price, three zones per region (us-east-1a, b, c, then us-west-2a, ...).</summary>
    public static ZoneInfo[] Zones(params double[] spotPrices) =>
        spotPrices.Select((price, i) =>
        {
            var region = Regions[i / 3 % Regions.Length];
            return new ZoneInfo(new Location("aws", region, region + "abc"[i % 3]), price, 3 * price);
        }).ToArray();

    /// <summary><paramref name="count"/> zones at the same price.</summary>
    public static ZoneInfo[] Zones(int count) => Zones(Enumerable.Repeat(1.0, count).ToArray());

    /// <summary>
    /// An observation of a fleet that holds <paramref name="alive"/> spot replicas per zone, of which
    /// <paramref name="ready"/> are ready (default: all), after asking for <paramref name="requested"/> (default:
    /// what is alive). Each starting spot replica is ready at <paramref name="pendingReadyAt"/> (default tick + 2).
    /// </summary>
    public static FleetObservation Observe(
        IReadOnlyList<ZoneInfo> zones,
        int target,
        int[]? alive = null,
        int[]? ready = null,
        int[]? requested = null,
        int tick = 0,
        int? pendingReadyAt = null)
    {
        var obs = new FleetObservation(zones) { Tick = tick, TickSeconds = 20, Target = target };
        alive ??= new int[zones.Count];
        ready ??= alive;
        requested ??= alive;
        for (var z = 0; z < zones.Count; z++)
        {
            obs.Alive[z] = alive[z];
            obs.ReadySpot[z] = ready[z];
            obs.Requested[z] = requested[z];
            for (var i = ready[z]; i < alive[z]; i++)
            {
                obs.PendingSpotReadyAt.Add(pendingReadyAt ?? tick + 2);
            }
        }

        return obs;
    }

    /// <summary>Sets the on-demand fleet: <paramref name="ready"/> ready, plus one starting replica per entry
    /// of <paramref name="pendingReadyAt"/>.</summary>
    public static FleetObservation WithOnDemand(this FleetObservation obs, int ready, params int[] pendingReadyAt)
    {
        obs.ReadyOnDemand = ready;
        obs.AliveOnDemand = ready + pendingReadyAt.Length;
        obs.PendingOnDemandReadyAt.Clear();
        obs.PendingOnDemandReadyAt.AddRange(pendingReadyAt.Order());
        return obs;
    }
}
