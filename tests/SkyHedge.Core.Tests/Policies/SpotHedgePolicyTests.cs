using CsCheck;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

public sealed class SpotHedgePolicyTests
{
    private static SpotHedgePolicy Random(int zones, int overprovision = 1, int baseOnDemand = 0, int seed = 1) =>
        new(FleetPolicies.SpotHedge, new SpotPlacer(zones, PlacerTieBreak.Random, PlacerResetRule.Artifact, new Random(seed)), overprovision, baseOnDemand);

    private static SpotHedgePolicy Cheapest(int zones, int overprovision = 1) =>
        new(FleetPolicies.SpotHedgeCheapest, new SpotPlacer(zones, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive), overprovision);

    [Fact]
    public void With_no_ready_spot_at_start_it_asks_target_plus_extras_on_spot_and_the_target_on_demand()
    {
        var plan = Random(3, overprovision: 1).Decide(Fleet.Observe(Fleet.Zones(3), 3));
        Assert.Equal(4, plan.TotalSpot);
        Assert.Equal(3, plan.OnDemand);
        Assert.All(plan.Spot, s => Assert.True(s >= 1)); // spread: every zone before any doubles up
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    public void On_demand_drops_as_spot_becomes_ready(int readySpot, int expectedOnDemand)
    {
        int[] ready = [Math.Min(readySpot, 2), Math.Max(0, readySpot - 2), 0];
        var obs = Fleet.Observe(Fleet.Zones(3), 3, alive: [2, 1, 1], ready: ready);
        var plan = Random(3).Decide(obs);
        Assert.Equal(expectedOnDemand, plan.OnDemand);
        Assert.Equal([2, 1, 1], plan.Spot); // the full spot target is alive: nothing moves
    }

    [Fact]
    public void Alive_but_not_ready_spot_earns_no_credit()
    {
        var obs = Fleet.Observe(Fleet.Zones(3), 3, alive: [2, 1, 1], ready: [0, 0, 0]);
        Assert.Equal(3, Random(3).Decide(obs).OnDemand);
    }

    [Fact]
    public void Base_on_demand_is_kept_and_taken_off_the_spot_target()
    {
        var policy = Random(3, overprovision: 1, baseOnDemand: 1);
        var plan = policy.Decide(Fleet.Observe(Fleet.Zones(3), 3, alive: [1, 1, 1]));
        Assert.Equal(3, plan.TotalSpot); // 3 + 1 - 1
        Assert.Equal(1, plan.OnDemand);
    }

    [Fact]
    public void Adding_keeps_alive_replicas_where_they_are_and_avoids_a_zone_that_just_failed()
    {
        var zones = Fleet.Zones(1.0, 2.0, 3.0, 4.0);
        var obs = Fleet.Observe(zones, 4, alive: [0, 2, 0, 1], requested: [1, 2, 0, 1]);
        var plan = Cheapest(4).Decide(obs);
        // Zone 0 is cheapest but PREEMPTED: first the only empty ACTIVE zone (2), then the cheapest ACTIVE (1).
        Assert.Equal([0, 3, 1, 1], plan.Spot);
        for (var seed = 0; seed < 50; seed++)
        {
            var random = Random(4, seed: seed).Decide(obs).Spot;
            Assert.Equal(0, random[0]);
            Assert.True(random[1] >= 2 && random[3] >= 1 && random[2] >= 1, string.Join(",", random));
        }
    }

    [Fact]
    public void The_placer_resets_when_too_few_zones_remain_active()
    {
        // Artifact rule, 3 zones: resets only when no zone is ACTIVE.
        var policy = Random(3);
        policy.Decide(Fleet.Observe(Fleet.Zones(3), 2, alive: [0, 1, 0], requested: [1, 1, 1]));
        Assert.Equal(1, policy.Placer.ActiveCount);
        policy.Decide(Fleet.Observe(Fleet.Zones(3), 2, alive: [0, 0, 0], requested: [1, 1, 1]));
        Assert.Equal(3, policy.Placer.ActiveCount);
    }

    [Fact]
    public void Plans_follow_the_rule_on_random_observation_sequences() =>
        Gen.Select(ObservationGen.Sequence, Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int, Gen.Bool)
            .Sample((sequence, overprovision, baseOnDemand, seed, cheapest) =>
            {
                var (zoneCount, steps) = sequence;
                var zones = Fleet.Zones(Enumerable.Range(0, zoneCount).Select(z => 1.0 + (z % 3)).ToArray());
                var policy = cheapest ? Cheapest(zoneCount, overprovision) : Random(zoneCount, overprovision, baseOnDemand, seed);
                var b = cheapest ? 0 : baseOnDemand;
                var obs = new FleetObservation(zones);
                for (var t = 0; t < steps.Length; t++)
                {
                    ObservationGen.Apply(obs, t, steps[t].Target, steps[t].Raw);
                    var alive = (int[])obs.Alive.Clone();
                    var plan = policy.Decide(obs);
                    var spotTarget = FallbackRule.SpotTarget(obs.Target, overprovision, b);
                    var adding = spotTarget >= alive.Sum();
                    if (plan.OnDemand > obs.Target
                        || plan.OnDemand != Math.Min(obs.Target, b + Math.Max(0, spotTarget - obs.TotalReadySpot))
                        || plan.TotalSpot != spotTarget
                        || (adding && plan.Spot.Where((s, z) => s < alive[z]).Any()))
                    {
                        return false;
                    }
                }

                return true;
            });
}
