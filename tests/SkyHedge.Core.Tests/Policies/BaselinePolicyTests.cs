using CsCheck;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

public sealed class BaselinePolicyTests
{
    [Fact]
    public void On_demand_runs_exactly_the_target_on_demand_and_no_spot()
    {
        var policy = new OnDemandPolicy();
        var plan = policy.Decide(Fleet.Observe(Fleet.Zones(3), 4, alive: [1, 0, 2]));
        Assert.Equal(4, plan.OnDemand);
        Assert.Equal([0, 0, 0], plan.Spot);
        Assert.Equal("ondemand", policy.Name);
    }

    [Fact]
    public void Spot_baselines_run_exactly_the_target_on_spot_and_no_on_demand() =>
        ObservationGen.Sequence.Sample((zoneCount, steps) =>
        {
            var zones = Fleet.Zones(zoneCount);
            var obs = new FleetObservation(zones);
            IFleetPolicy[] policies = [new EvenSpreadPolicy(), new RoundRobinPolicy()];
            for (var t = 0; t < steps.Length; t++)
            {
                ObservationGen.Apply(obs, t, steps[t].Target, steps[t].Raw);
                foreach (var policy in policies)
                {
                    var plan = policy.Decide(obs);
                    if (plan.OnDemand != 0 || plan.TotalSpot != obs.Target || plan.Spot.Any(s => s < 0))
                    {
                        return false;
                    }
                }
            }

            return true;
        });

    [Fact]
    public void Even_spread_refills_the_emptiest_zone_first_in_zone_order()
    {
        var zones = Fleet.Zones(3);
        var policy = new EvenSpreadPolicy();
        Assert.Equal([2, 1, 1], policy.Decide(Fleet.Observe(zones, 4, alive: [2, 0, 1])).Spot);
        Assert.Equal([2, 2, 1], policy.Decide(Fleet.Observe(zones, 5, alive: [2, 0, 1])).Spot);
        Assert.Equal([2, 1, 1], policy.Decide(Fleet.Observe(zones, 4, alive: [1, 1, 0])).Spot);
        Assert.Equal([1, 1, 1], policy.Decide(Fleet.Observe(zones, 3)).Spot);
        Assert.Equal([2, 2, 1], policy.Decide(Fleet.Observe(zones, 5)).Spot);
    }

    [Fact]
    public void Even_spread_keeps_alive_replicas_where_they_are_when_adding()
    {
        var plan = new EvenSpreadPolicy().Decide(Fleet.Observe(Fleet.Zones(3), 6, alive: [4, 0, 0]));
        Assert.Equal([4, 1, 1], plan.Spot);
    }

    [Fact]
    public void Round_robin_continues_from_where_it_left_off()
    {
        var zones = Fleet.Zones(3);
        var policy = new RoundRobinPolicy();
        Assert.Equal([1, 1, 0], policy.Decide(Fleet.Observe(zones, 2)).Spot);

        // Zone 0 lost its replica: the replacement goes to the next zone in turn (2), not back to zone 0.
        Assert.Equal([0, 1, 1], policy.Decide(Fleet.Observe(zones, 2, alive: [0, 1, 0], requested: [1, 1, 0])).Spot);
        Assert.Equal([1, 1, 1], policy.Decide(Fleet.Observe(zones, 3, alive: [0, 1, 1])).Spot);
        Assert.Equal([1, 2, 1], policy.Decide(Fleet.Observe(zones, 4, alive: [1, 1, 1])).Spot);
        Assert.Equal("round-robin", policy.Name);
    }

    [Fact]
    public void Even_spread_has_no_memory_and_ignores_preemptions()
    {
        var zones = Fleet.Zones(3);
        var policy = new EvenSpreadPolicy();
        policy.Decide(Fleet.Observe(zones, 2));
        var plan = policy.Decide(Fleet.Observe(zones, 2, alive: [0, 1, 0], requested: [1, 1, 0]));
        Assert.Equal([1, 1, 0], plan.Spot); // straight back to the zone that just lost its replica
        Assert.Equal("even-spread", policy.Name);
    }
}
