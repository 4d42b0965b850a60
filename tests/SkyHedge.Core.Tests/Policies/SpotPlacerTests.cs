using CsCheck;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

public sealed class SpotPlacerTests
{
    private static SpotPlacer RandomPlacer(int zones, int seed = 1, PlacerResetRule rule = PlacerResetRule.Artifact) =>
        new(zones, PlacerTieBreak.Random, rule, new Random(seed));

    [Fact]
    public void A_second_replica_goes_to_an_empty_active_zone_while_one_exists()
    {
        var zones = Fleet.Zones(4);
        for (var seed = 0; seed < 200; seed++)
        {
            var placer = RandomPlacer(4, seed);
            placer.MarkPreempted(3);
            var plan = new int[] { 1, 0, 0, 0 };
            var pick = placer.PickZone(plan, zones);
            Assert.True(pick is 1 or 2, $"seed {seed} picked zone {pick}");
        }
    }

    [Fact]
    public void Placing_spreads_over_all_active_zones_before_doubling_up()
    {
        var zones = Fleet.Zones(5);
        var placer = RandomPlacer(5, seed: 7);
        placer.MarkPreempted(4);
        var plan = new int[5];
        placer.Place(plan, 4, zones);
        Assert.Equal([1, 1, 1, 1, 0], plan);
        placer.Place(plan, 4, zones);
        Assert.Equal([2, 2, 2, 2, 0], plan); // then any ACTIVE zone, never the PREEMPTED one
    }

    [Fact]
    public void Observe_marks_preempted_active_or_leaves_the_zone_as_it_was()
    {
        var zones = Fleet.Zones(5);
        var placer = RandomPlacer(5);
        placer.MarkPreempted(1);
        placer.MarkPreempted(3);
        var obs = Fleet.Observe(zones, 3, alive: [1, 2, 0, 0, 0], requested: [2, 2, 0, 0, 1]);
        placer.Observe(obs);
        Assert.False(placer.IsActive(0)); // requested 2 > alive 1: PREEMPTED
        Assert.True(placer.IsActive(1)); // requested == alive > 0: ACTIVE again
        Assert.True(placer.IsActive(2)); // requested 0: unchanged (was ACTIVE)
        Assert.False(placer.IsActive(3)); // requested 0: unchanged (was PREEMPTED)
        Assert.False(placer.IsActive(4)); // a failed launch: PREEMPTED
    }

    [Theory]
    [InlineData(PlacerResetRule.FewerThanTwoActive, 3, 1, true)]
    [InlineData(PlacerResetRule.FewerThanTwoActive, 3, 0, true)]
    [InlineData(PlacerResetRule.FewerThanTwoActive, 3, 2, false)]
    [InlineData(PlacerResetRule.FewerThanTwoActive, 9, 1, true)]
    [InlineData(PlacerResetRule.FewerThanTwoActive, 9, 2, false)]
    [InlineData(PlacerResetRule.Artifact, 3, 0, true)] // min(1, 3 - 3) = 0
    [InlineData(PlacerResetRule.Artifact, 3, 1, false)]
    [InlineData(PlacerResetRule.Artifact, 4, 1, true)] // min(1, 1) = 1
    [InlineData(PlacerResetRule.Artifact, 9, 1, true)]
    [InlineData(PlacerResetRule.Artifact, 9, 0, true)]
    [InlineData(PlacerResetRule.Artifact, 9, 2, false)]
    public void Reset_rules_reset_all_zones_to_active_at_their_threshold(PlacerResetRule rule, int zones, int active, bool resets)
    {
        var placer = new SpotPlacer(zones, PlacerTieBreak.Cheapest, rule);
        for (var z = active; z < zones; z++)
        {
            placer.MarkPreempted(z);
        }

        Assert.Equal(active, placer.ActiveCount);
        Assert.Equal(resets, placer.ResetIfTooFewActive());
        Assert.Equal(resets ? zones : active, placer.ActiveCount);
    }

    [Fact]
    public void Random_tie_break_with_the_same_seed_makes_the_same_picks()
    {
        var zones = Fleet.Zones(9);
        List<int> Picks(int seed)
        {
            var placer = RandomPlacer(9, seed);
            placer.MarkPreempted(2);
            var plan = new int[9];
            var picks = new List<int>();
            for (var i = 0; i < 30; i++)
            {
                var z = placer.PickZone(plan, zones);
                picks.Add(z);
                plan[z]++;
            }

            return picks;
        }

        Assert.Equal(Picks(42), Picks(42));
        Assert.NotEqual(Picks(42), Picks(43)); // the seed matters, so the equality above is not vacuous
    }

    [Fact]
    public void Random_tie_break_only_ever_picks_a_candidate() =>
        Gen.Select(Gen.Int[1, 9], Gen.Int[0, 3].Array[9], Gen.Bool.Array[9], Gen.Int)
            .Sample((n, planDraw, preemptedDraw, seed) =>
            {
                var placer = new SpotPlacer(n, PlacerTieBreak.Random, PlacerResetRule.FewerThanTwoActive, new Random(seed), new PlacerState(preemptedDraw[..n]));
                placer.ResetIfTooFewActive();
                var plan = planDraw[..n];
                var pick = placer.PickZone(plan, Fleet.Zones(n));
                var emptyActive = Enumerable.Range(0, n).Where(z => placer.IsActive(z) && plan[z] == 0).ToList();
                var candidates = emptyActive.Count > 0 ? emptyActive : Enumerable.Range(0, n).Where(placer.IsActive).ToList();
                return candidates.Contains(pick);
            });

    [Fact]
    public void Cheapest_tie_break_picks_the_lowest_spot_price_among_candidates()
    {
        var zones = Fleet.Zones(3.0, 1.0, 2.0, 0.5);
        var placer = new SpotPlacer(4, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive);
        placer.MarkPreempted(3); // cheapest of all, but PREEMPTED
        var plan = new int[4];
        var picks = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var z = placer.PickZone(plan, zones);
            picks.Add(z);
            plan[z]++;
        }

        Assert.Equal([1, 2, 0, 1, 1], picks); // empty zones by price, then the cheapest ACTIVE
    }

    [Fact]
    public void Cheapest_tie_break_breaks_equal_prices_by_zone_order_and_uses_a_score_when_given()
    {
        var zones = Fleet.Zones(2.0, 1.0, 1.0);
        Assert.Equal(1, new SpotPlacer(3, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive).PickZone(new int[3], zones));
        var scored = new SpotPlacer(3, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive, score: z => -z);
        Assert.Equal(2, scored.PickZone(new int[3], zones));
    }

    [Fact]
    public void Cheapest_then_random_spreads_over_the_equally_cheapest_and_never_pays_more()
    {
        var zones = Fleet.Zones(1.0, 2.0, 1.0, 1.0, 3.0);
        var seen = new HashSet<int>();
        for (var seed = 0; seed < 40; seed++)
        {
            var placer = new SpotPlacer(5, PlacerTieBreak.CheapestThenRandom, PlacerResetRule.Artifact, new Random(seed));
            seen.Add(placer.PickZone(new int[5], zones));
        }

        Assert.Equal([0, 2, 3], seen.Order()); // each cheapest zone is chosen by some seed; 1 and 4 never

        // Once the cheap zones hold a replica, empty zones still come first, by price: 1 (2.0) before 4 (3.0).
        var spread = new SpotPlacer(5, PlacerTieBreak.CheapestThenRandom, PlacerResetRule.Artifact, new Random(7));
        Assert.Equal(1, spread.PickZone([1, 0, 1, 1, 0], zones));
    }

    [Fact]
    public void Cheapest_then_random_with_one_price_everywhere_draws_exactly_as_random()
    {
        var zones = Fleet.Zones(6);
        var random = new SpotPlacer(6, PlacerTieBreak.Random, PlacerResetRule.Artifact, new Random(3));
        var cheapest = new SpotPlacer(6, PlacerTieBreak.CheapestThenRandom, PlacerResetRule.Artifact, new Random(3));
        int[] a = new int[6], b = new int[6];
        random.Place(a, 9, zones);
        cheapest.Place(b, 9, zones);
        Assert.Equal(a, b); // so skyhedge's simulator figures in spot units did not move with this tie-break
    }

    [Fact]
    public void State_snapshot_restores_into_a_new_placer_and_is_a_copy()
    {
        var placer = RandomPlacer(5);
        placer.MarkPreempted(1);
        placer.MarkPreempted(4);
        var snapshot = placer.Snapshot();
        Assert.Equal([false, true, false, false, true], snapshot.Preempted);

        var restored = new SpotPlacer(5, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive, state: snapshot);
        Assert.Equal(snapshot.Preempted, restored.Snapshot().Preempted);
        Assert.Equal([true, false, true, true, false], Enumerable.Range(0, 5).Select(restored.IsActive));

        placer.MarkActive(1);
        snapshot.Preempted[0] = true;
        Assert.True(snapshot.Preempted[1]); // the snapshot did not follow the placer
        Assert.True(restored.IsActive(0)); // nor the restored placer the snapshot
    }

    [Fact]
    public void Constructor_rejects_a_random_tie_break_without_random_and_a_state_of_the_wrong_size()
    {
        Assert.Throws<ArgumentException>(() => new SpotPlacer(3, PlacerTieBreak.Random, PlacerResetRule.Artifact));
        Assert.Throws<ArgumentException>(() => new SpotPlacer(3, PlacerTieBreak.Cheapest, PlacerResetRule.Artifact, state: new PlacerState(new bool[2])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpotPlacer(0, PlacerTieBreak.Cheapest, PlacerResetRule.Artifact));
    }
}
