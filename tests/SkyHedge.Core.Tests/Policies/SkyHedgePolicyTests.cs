using CsCheck;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

public sealed class SkyHedgePolicyTests
{
    private static SkyHedgePolicy SkyHedge(int zones, int extras = 1, int seed = 1) =>
        new(zones, new SkyHedgeOptions { Overprovision = extras, MaxOverprovision = extras }, random: new Random(seed));

    private static SpotHedgePolicy SpotHedge(int zones, int seed = 1) =>
        new(FleetPolicies.SpotHedge, new SpotPlacer(zones, PlacerTieBreak.Random, PlacerResetRule.Artifact, new Random(seed)), 1);

    [Fact]
    public void A_fleet_calm_for_hours_drops_its_extra_and_one_loss_brings_it_back()
    {
        // T = 3 plus one extra, one replica per zone, nothing lost: the prior keeps the extra at first.
        var zones = Fleet.Zones(4);
        var policy = SkyHedge(4);
        var tick = 0;
        FleetPlan Step(int[] alive, int preemptedZone = -1)
        {
            var obs = Fleet.Observe(zones, 3, alive: alive, tick: tick++);
            if (preemptedZone >= 0)
            {
                obs.Preempted[preemptedZone] = 1;
            }

            return policy.Decide(obs);
        }

        Assert.Equal(4, Step([1, 1, 1, 1]).TotalSpot);
        Assert.False(policy.IsCalm(Fleet.Observe(zones, 3, alive: [1, 1, 1, 1])));
        Assert.False(policy.IsCalm(Fleet.Observe(zones, 3))); // no replica yet: nothing is known

        // Hours of 20 s ticks without a loss: the worst zone's estimate falls below the threshold; the extra goes.
        var calmAfter = -1;
        for (var i = 0; i < 24 * 180 && calmAfter < 0; i++)
        {
            if (Step([1, 1, 1, 1]).TotalSpot == 3)
            {
                calmAfter = tick;
            }
        }

        Assert.InRange(calmAfter * 20 / 3600.0, 2, 24); // hours, not minutes: a few quiet ticks prove nothing

        // A loss in a zone we still hold a replica in makes it risky again: the extra comes back.
        Assert.Equal(4, Step([1, 1, 1, 1], preemptedZone: 2).TotalSpot);
        Assert.False(policy.IsCalm(Fleet.Observe(zones, 3, alive: [1, 1, 1, 1])));
    }

    [Fact]
    public void A_policy_rebuilt_every_decision_from_its_hazard_memory_decides_as_one_that_lived_throughout()
    {
        // The live control plane builds a new policy per decision; it must learn as the simulator's single instance does.
        var zones = Fleet.Zones(4);
        var lived = SkyHedge(4);
        IReadOnlyList<ZoneHazardState>? memory = null;
        var firstCalm = -1;
        for (var tick = 0; tick < 24 * 180; tick++)
        {
            var alive = new[] { 1, 1, 1, tick < 100 ? 1 : 0 };
            var obs = Fleet.Observe(zones, 3, alive: alive, tick: tick);
            if (tick == 100)
            {
                obs.Preempted[3] = 1; // the fourth zone's replica is lost and not replaced there
            }

            var rebuilt = new SkyHedgePolicy(4, new SkyHedgeOptions(), random: new Random(1), hazards: memory);
            var expected = lived.Decide(obs);
            var actual = rebuilt.Decide(obs);
            Assert.Equal(expected.TotalSpot, actual.TotalSpot);
            Assert.Equal(lived.Hazards, rebuilt.Hazards);
            memory = rebuilt.Hazards;
            if (firstCalm < 0 && actual.TotalSpot == 3)
            {
                firstCalm = tick;
            }
        }

        Assert.InRange(firstCalm, 180, 24 * 180); // it does become calm, and only after hours, as the single instance
        Assert.Throws<ArgumentException>(() => new SkyHedgePolicy(4, hazards: [ZoneHazardState.Untried], random: new Random(1)));
    }

    [Fact]
    public void The_hazard_rises_with_a_loss_and_decays_with_quiet_exposure()
    {
        var zones = Fleet.Zones(2);
        var policy = SkyHedge(2);
        policy.Decide(Fleet.Observe(zones, 1, alive: [1, 1], tick: 0));
        var before = policy.Hazards[0];
        var hit = Fleet.Observe(zones, 1, alive: [1, 1], tick: 1);
        hit.Preempted[0] = 1;
        policy.Decide(hit);
        var after = policy.Hazards[0];
        Assert.True(after.Losses > before.Losses + 0.99); // one loss counted (less a tick's decay)
        Assert.Equal(0, policy.Hazards[1].Losses);        // the other zone saw none

        for (var t = 2; t < 2 + (6 * 180); t++)
        {
            policy.Decide(Fleet.Observe(zones, 1, alive: [1, 1], tick: t));
        }

        Assert.InRange(policy.Hazards[0].Losses, 0.45, 0.55); // six hours = one half-life
    }

    [Fact]
    public void With_no_calm_threshold_the_extra_is_always_kept_as_spothedge_does()
    {
        var zones = Fleet.Zones(4);
        var policy = new SkyHedgePolicy(4, new SkyHedgeOptions { CalmLossesPerHour = 0 }, random: new Random(1));
        for (var tick = 0; tick < 24 * 180; tick++)
        {
            Assert.Equal(4, policy.Decide(Fleet.Observe(zones, 3, alive: [1, 1, 1, 1], tick: tick)).TotalSpot);
        }
    }

    [Fact]
    public void A_preempted_extra_whose_replacement_survived_its_launch_gets_no_on_demand_shadow()
    {
        // T = 2 with one extra: two spot replicas ready, the replacement for the lost extra launched and alive.
        var zones = Fleet.Zones(3);
        FleetObservation Obs() => Fleet.Observe(zones, 2, alive: [1, 1, 1], ready: [1, 1, 0], tick: 10, pendingReadyAt: 13);

        var plan = SkyHedge(3).Decide(Obs());
        Assert.Equal(0, plan.OnDemand);
        Assert.Equal([1, 1, 1], plan.Spot);
        Assert.Equal(0, SkyHedgePolicy.OnDemandTarget(Obs(), target: 2, spotTarget: 3, readySpot: 2, pendingSpot: 1));
        Assert.Equal(1, SpotHedge(3).Decide(Obs()).OnDemand); // SpotHedge shadows it: 3 wanted - 2 ready
    }

    [Fact]
    public void A_shortfall_with_no_pending_spot_launches_on_demand_for_the_shortfall()
    {
        // T = 3, one spot replica ready, the other two just lost and not relaunched yet.
        var zones = Fleet.Zones(3);
        FleetObservation Obs() => Fleet.Observe(zones, 3, alive: [1, 0, 0], requested: [1, 1, 1]);

        Assert.Equal(2, SkyHedgePolicy.OnDemandTarget(Obs(), target: 3, spotTarget: 3, readySpot: 1, pendingSpot: 0));
        var plan = SkyHedge(3, extras: 0).Decide(Obs());
        Assert.Equal(2, plan.OnDemand);
        Assert.Equal(3, plan.TotalSpot);

        // The missing extra buys nothing while the spot replicas are spread one per zone...
        Assert.Equal(2, SkyHedge(3, extras: 1).Decide(Obs()).OnDemand);
    }

    [Fact]
    public void On_demand_stands_in_for_a_missing_extra_only_when_spot_replicas_are_crowded()
    {
        var zones = Fleet.Zones(3);
        var crowded = Fleet.Observe(zones, 3, alive: [2, 0, 0], requested: [2, 1, 1]);
        crowded.FailedLaunches[1] = 1;
        crowded.FailedLaunches[2] = 1;
        Assert.Equal(2, SkyHedgePolicy.OnDemandTarget(crowded, target: 3, spotTarget: 4, readySpot: 2, pendingSpot: 0));
        Assert.Equal(2, SkyHedge(3, extras: 1).Decide(crowded).OnDemand); // shortfall 1 + the extra

        // While launches succeed, this decision's relaunch attempts count for the extra: no stand-in yet.
        var relaunching = Fleet.Observe(zones, 3, alive: [2, 0, 0], requested: [2, 0, 0]);
        Assert.Equal(1, SkyHedge(3, extras: 1).Decide(relaunching).OnDemand);

        var spread = Fleet.Observe(zones, 3, alive: [1, 1, 0], requested: [1, 1, 1]);
        Assert.Equal(1, SkyHedge(3, extras: 1).Decide(spread).OnDemand); // the shortfall only
        Assert.Equal(2, SpotHedge(3).Decide(spread).OnDemand);
    }

    [Fact]
    public void Only_the_part_of_the_shortfall_no_launched_spot_covers_buys_on_demand()
    {
        var obs = Fleet.Observe(Fleet.Zones(3), 3, alive: [1, 1, 0], ready: [1, 0, 0], requested: [1, 1, 1]);
        Assert.Equal(1, SkyHedgePolicy.OnDemandTarget(obs, target: 3, spotTarget: 3, readySpot: 1, pendingSpot: 1));
        Assert.Equal(1, SkyHedge(3, extras: 0).Decide(obs).OnDemand);
    }

    [Fact]
    public void A_ready_on_demand_replica_is_kept_while_ready_spot_is_below_target_and_dropped_after()
    {
        var zones = Fleet.Zones(3);
        var short1 = Fleet.Observe(zones, 2, alive: [1, 1, 1], ready: [1, 0, 0]).WithOnDemand(ready: 1);
        Assert.Equal(1, SkyHedge(3).Decide(short1).OnDemand);

        var covered = Fleet.Observe(zones, 2, alive: [1, 1, 1], ready: [1, 1, 0]).WithOnDemand(ready: 1);
        Assert.Equal(0, SkyHedge(3).Decide(covered).OnDemand);
    }

    [Theory]
    [InlineData(3, 1)] // ready before the first pending spot replica (tick 4): kept
    [InlineData(4, 0)] // ready together with it: no help
    [InlineData(9, 0)]
    public void A_pending_on_demand_replica_is_kept_only_if_ready_sooner_than_the_pending_spot(int onDemandReadyAt, int expected)
    {
        var obs = Fleet.Observe(Fleet.Zones(3), 2, alive: [1, 1, 1], ready: [1, 0, 0], pendingReadyAt: 4)
            .WithOnDemand(ready: 0, onDemandReadyAt);
        Assert.Equal(expected, SkyHedgePolicy.OnDemandTarget(obs, target: 2, spotTarget: 3, readySpot: 1, pendingSpot: 2));
        Assert.Equal(expected, SkyHedge(3).Decide(obs).OnDemand);
    }

    [Fact]
    public void A_noticed_replica_keeps_serving_while_its_replacement_launches_elsewhere()
    {
        var zones = Fleet.Zones(3);
        var obs = Fleet.Observe(zones, 2, alive: [1, 1, 1]);
        obs.Noticed[0] = 1;
        var policy = SkyHedge(3);
        var plan = policy.Decide(obs);
        Assert.False(policy.Placer.IsActive(0));
        Assert.Equal(1, plan.Spot[0]);
        Assert.Equal(4, plan.TotalSpot);
    }

    [Fact]
    public void Scaling_in_sheds_ready_replicas_from_the_most_crowded_zone_and_keeps_warming_ones()
    {
        var obs = Fleet.Observe(Fleet.Zones(3), 1, alive: [2, 1, 1], ready: [2, 1, 0]);
        Assert.Equal([1, 1, 1], SkyHedge(3).Decide(obs).Spot);
    }

    [Fact]
    public void On_demand_never_exceeds_the_target() =>
        EveryDecision((obs, _, plan) => plan.OnDemand <= obs.Target && plan.OnDemand >= 0 && plan.Spot.All(s => s >= 0));

    [Fact]
    public void Over_provisioning_stays_between_none_and_the_configured_extras_for_any_history() =>
        EveryDecision((obs, extras, plan) =>
        {
            // Launches never take planned spot past target + extras (noticed replicas keep serving on top; the calm
            // rule only ever drops extras), and a fleet below its target always launches toward it.
            var noticed = obs.Noticed.Sum();
            var kept = obs.Alive.Sum() - noticed;
            var launched = plan.TotalSpot > obs.Alive.Sum();
            return !(launched && plan.TotalSpot - noticed > obs.Target + extras)
                && !(kept < obs.Target && plan.TotalSpot - noticed < obs.Target);
        });

    // Replays random histories (with random interruption notices) through skyhedge and checks every plan it makes.
    private static void EveryDecision(Func<FleetObservation, int, FleetPlan, bool> holds) =>
        Gen.Select(ObservationGen.Sequence, Gen.Int[0, 3], Gen.Int)
            .Sample((sequence, extras, seed) =>
            {
                var (zoneCount, steps) = sequence;
                var policy = SkyHedge(zoneCount, extras, seed);
                var obs = new FleetObservation(Fleet.Zones(zoneCount));
                for (var t = 0; t < steps.Length; t++)
                {
                    ObservationGen.Apply(obs, t, steps[t].Target, steps[t].Raw);
                    obs.Noticed[t % zoneCount] = steps[t].Raw[0] % (obs.Alive[t % zoneCount] + 1);
                    if (!holds(obs, extras, policy.Decide(obs)))
                    {
                        return false;
                    }

                    obs.Noticed[t % zoneCount] = 0;
                }

                return true;
            });

    [Fact]
    public void On_demand_target_is_between_zero_and_the_target_for_any_inputs() =>
        Gen.Select(ObservationGen.Step, Gen.Int[0, 10], Gen.Int[0, 12], Gen.Int[0, 12], Gen.Int[0, 12])
            .Sample((step, target, spotTarget, readySpot, pendingSpot) =>
            {
                var obs = new FleetObservation(Fleet.Zones(ObservationGen.MaxZones));
                ObservationGen.Apply(obs, 0, target, step.Raw);
                var onDemand = SkyHedgePolicy.OnDemandTarget(obs, target, spotTarget, readySpot, pendingSpot);
                return onDemand >= 0 && onDemand <= target;
            });
}
