using CsCheck;
using SkyHedge.Core.Control;
using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Control;

public sealed class ReconcilerTests
{
    private static ReplicaView Spot(string id, int zone, long launchedAt, bool ready = true) => new(id, zone, Market.Spot, launchedAt, ready);

    private static ReplicaView OnDemand(string id, long launchedAt, bool ready = true) => new(id, -1, Market.OnDemand, launchedAt, ready);

    [Fact]
    public void Launches_the_missing_replicas_per_zone_and_on_demand()
    {
        var decisions = Reconciler.Decide(new FleetPlan([2, 0, 1], 2), [Spot("a", 0, 1), OnDemand("d", 1)]);
        Assert.Equal(
            [new LaunchDecision(0, Market.Spot), new LaunchDecision(2, Market.Spot), new LaunchDecision(-1, Market.OnDemand)],
            decisions);
    }

    [Fact]
    public void Terminates_the_surplus_youngest_first_and_not_ready_before_ready()
    {
        ReplicaView[] replicas =
        [
            Spot("old-ready", 0, 1), Spot("young-ready", 0, 5), Spot("old-starting", 0, 3, ready: false),
            Spot("young-starting", 0, 7, ready: false), Spot("other-zone", 1, 9, ready: false),
            OnDemand("od-old", 1), OnDemand("od-young", 4), OnDemand("od-starting", 2, ready: false),
        ];
        static string[] Terminated(IReadOnlyList<Decision> decisions) =>
            decisions.Select(d => Assert.IsType<TerminateDecision>(d)).Select(d => d.ReplicaId).Order(StringComparer.Ordinal).ToArray();

        // Not-ready before ready, even when the ready one is younger; the youngest not-ready first.
        Assert.Equal(["young-starting"], Terminated(Reconciler.Decide(new FleetPlan([3, 1], 3), replicas)));
        Assert.Equal(["od-starting"], Terminated(Reconciler.Decide(new FleetPlan([4, 1], 2), replicas)));
        Assert.Equal(["old-starting", "young-starting"], Terminated(Reconciler.Decide(new FleetPlan([2, 1], 3), replicas)));

        // Among ready replicas, the youngest goes.
        Assert.Equal(["old-starting", "young-ready", "young-starting"], Terminated(Reconciler.Decide(new FleetPlan([1, 1], 3), replicas)));
        Assert.Equal(["od-starting", "od-young"], Terminated(Reconciler.Decide(new FleetPlan([4, 1], 1), replicas)));
        Assert.All(Reconciler.Decide(new FleetPlan([0, 0], 0), replicas), d => Assert.Equal(Reconciler.ScaleInReason, Assert.IsType<TerminateDecision>(d).Reason));
    }

    [Fact]
    public void Never_terminates_when_counts_match()
    {
        var decisions = Reconciler.Decide(new FleetPlan([1, 2], 1), [Spot("a", 0, 1, false), Spot("b", 1, 2), Spot("c", 1, 3, false), OnDemand("d", 4, false)]);
        Assert.Empty(decisions);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Rejects_a_spot_replica_whose_zone_is_outside_the_plan(int zone)
    {
        var ex = Assert.Throws<ArgumentException>(() => Reconciler.Decide(new FleetPlan([1, 1], 0), [Spot("lost", zone, 1)]));
        Assert.Contains("lost", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_negative_plan() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Reconciler.Decide(new FleetPlan([1, -1], 0), []));

    private static readonly Gen<(int[] Spot, int OnDemand, (int Zone, bool OnDemand, int LaunchedAt, bool Ready)[] Replicas)> GenCase =
        Gen.Int[1, 6].SelectMany(zones => Gen.Select(
            Gen.Int[0, 4].Array[zones],
            Gen.Int[0, 4],
            Gen.Select(Gen.Int[0, zones - 1], Gen.Bool, Gen.Int[0, 20], Gen.Bool).Array[0, 25]));

    [Fact]
    public void After_applying_the_decisions_counts_per_zone_equal_the_plan_and_the_best_replicas_stay() =>
        GenCase.Sample((spot, onDemand, draws) =>
        {
            var replicas = draws.Select((d, i) => d.OnDemand ? OnDemand($"r{i}", d.LaunchedAt, d.Ready) : Spot($"r{i}", d.Zone, d.LaunchedAt, d.Ready)).ToList();
            var decisions = Reconciler.Decide(new FleetPlan(spot, onDemand), replicas);
            var terminated = decisions.OfType<TerminateDecision>().Select(d => d.ReplicaId).ToList();
            if (terminated.Distinct().Count() != terminated.Count || !terminated.All(id => replicas.Any(r => r.Id == id)))
            {
                return false;
            }

            var kept = replicas.Where(r => !terminated.Contains(r.Id)).ToList();
            var launches = decisions.OfType<LaunchDecision>().ToList();
            for (var z = -1; z < spot.Length; z++)
            {
                var group = z < 0 ? Market.OnDemand : Market.Spot;
                var keptHere = kept.Where(r => r.Market == group && (z < 0 || r.Zone == z)).ToList();
                var goneHere = replicas.Where(r => r.Market == group && (z < 0 || r.Zone == z) && terminated.Contains(r.Id)).ToList();
                var launchedHere = launches.Count(l => l.Market == group && l.Zone == z);
                var wanted = z < 0 ? onDemand : spot[z];
                if (keptHere.Count + launchedHere != wanted || (launchedHere > 0 && goneHere.Count > 0))
                {
                    return false;
                }

                // Every replica that went is worse than every one that stayed: not ready, or as ready but younger.
                if (goneHere.Any(g => keptHere.Any(k => (g.Ready && !k.Ready) || (g.Ready == k.Ready && g.LaunchedAt < k.LaunchedAt))))
                {
                    return false;
                }
            }

            return true;
        });
}
