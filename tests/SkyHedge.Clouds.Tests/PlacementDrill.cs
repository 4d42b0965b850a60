using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests;

/// <summary>
/// SpotHedge's production placer (cheapest zone first) driving a real adapter, the way the control plane's decide
/// step feeds it: one replica wanted, each refused launch counted as a failed launch of its zone, for up to five
/// decisions. What each cloud adapter must give the placer is a typed capacity error naming the zone.
/// </summary>
internal static class PlacementDrill
{
    public static async Task<(List<Location> Refused, Location Placed, SpotPlacer Placer)> RunAsync(ICloudProvider cloud, IReadOnlyList<Offering> offers)
    {
        var zones = offers.Select(o => new ZoneInfo(o.Location, (double)o.HourlyPrice, (double)o.HourlyPrice * 3)).ToList();
        var placer = new SpotPlacer(zones.Count, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive);
        var policy = new SpotHedgePolicy(FleetPolicies.SpotHedgeCheapest, placer, overprovision: 0, replaceOnScaleIn: false);
        var alive = new int[zones.Count];
        var requested = new int[zones.Count];
        var failed = new int[zones.Count];
        var refused = new List<Location>();
        Location? placed = null;
        for (var tick = 0; tick < 5 && placed is null; tick++)
        {
            var obs = new FleetObservation(zones) { Target = 1, Tick = tick, TickSeconds = 20 };
            for (var z = 0; z < zones.Count; z++)
            {
                obs.Alive[z] = alive[z];
                obs.FailedLaunches[z] = failed[z];
                obs.Requested[z] = failed[z] > 0 ? Math.Max(requested[z], alive[z] + 1) : requested[z];
            }

            Array.Clear(failed);
            var plan = policy.Decide(obs);
            for (var z = 0; z < zones.Count; z++)
            {
                for (var k = alive[z]; k < plan.Spot[z]; k++)
                {
                    var replica = $"r{tick}{z}{k}";
                    try
                    {
                        var instance = await cloud.LaunchAsync(
                            new LaunchRequest("svc", replica, offers[z], new ServiceSpec { Name = "svc", Run = "exec sleep 1" }, "token-" + replica, "secret-" + replica),
                            CancellationToken.None);
                        alive[z]++;
                        placed = instance.Location;
                    }
                    catch (InsufficientCapacityException e)
                    {
                        refused.Add(e.Location);
                        failed[z]++;
                    }
                }

                requested[z] = plan.Spot[z];
            }
        }

        return (refused, placed ?? throw new InvalidOperationException("nothing was placed in five decisions"), placer);
    }
}
