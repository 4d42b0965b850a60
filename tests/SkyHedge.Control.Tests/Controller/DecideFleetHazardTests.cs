using Microsoft.DurableTask;
using SkyHedge.Control.Activities;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Controller;

/// <summary>The live decision (<see cref="DecideFleetActivity"/>): the skyhedge policy is rebuilt every time, so its
/// per-zone loss memory must ride in the controller's memory, or it would meet every zone as untried forever and
/// never drop the calm extra; and a replica draining under an interruption notice marks its zone at once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DecideFleetHazardTests(AzuriteFixture azurite)
{
    private readonly TestStores _stores = new(azurite);

    [Fact]
    public async Task Skyhedge_learns_across_decisions_and_drops_the_extra_once_its_zones_have_been_calm_for_hours()
    {
        var activity = new DecideFleetActivity(_stores.Store, _stores.Clock);
        var options = new ControlOptions { DecisionInterval = TimeSpan.FromMinutes(2) };
        var memory = ControllerMemory.Empty;
        var spotCounts = new List<int>();
        for (var i = 0; i < 24 * 30; i++) // a day of two-minute decisions, four ready replicas, no loss
        {
            var decision = await activity.RunAsync(new Context(), new DecideRequest("llama", Observation(losses: []), memory, options, i));
            spotCounts.Add(decision.Spot.Sum());
            memory = decision.Memory;
        }

        Assert.Equal(4, spotCounts[0]); // target 3 plus the extra: nothing is known yet
        var calmAt = spotCounts.IndexOf(3);
        Assert.InRange(calmAt / 30.0, 2, 24); // hours of quiet in every zone we use, then the extra goes
        Assert.Equal(3, Assert.IsType<Dictionary<string, Core.Policies.ZoneHazardState>>(memory.Hazards).Count);

        // One loss in a zone we still use, and the next decision wants the extra back.
        var hit = await activity.RunAsync(new Context(), new DecideRequest("llama", Observation(losses: [new ReplicaLoss(Zones[1].Key, false)]), memory, options, 999));
        Assert.Equal(4, hit.Spot.Sum());
        Assert.True(hit.Memory.Hazards![Zones[1].Key].Losses >= 1);
    }

    [Fact]
    public async Task Spothedge_placers_carry_no_hazard_memory()
    {
        var activity = new DecideFleetActivity(_stores.Store, _stores.Clock);
        var request = new DecideRequest(
            "llama",
            Observation(losses: []) with { Policy = new ReplicaPolicySpec { MinReplicas = 3, MaxReplicas = 3, NumOverprovision = 1, SpotPlacer = SpotPlacerKind.DynamicFallback } },
            ControllerMemory.Empty,
            new ControlOptions(),
            0);

        var decision = await activity.RunAsync(new Context(), request);

        Assert.Null(decision.Memory.Hazards);
        Assert.Equal(4, decision.Spot.Sum());
    }

    [Fact]
    public async Task A_replica_draining_under_a_notice_is_replaced_at_once_and_never_in_its_doomed_zone()
    {
        var activity = new DecideFleetActivity(_stores.Store, _stores.Clock);
        var at = TestStores.T0;
        FleetReplica Replica(int i, int zone, ReplicaStatus status = ReplicaStatus.Ready, bool noticed = false) =>
            new($"r{i}", Zones[zone].Key, Market.Spot, at, status, 1, Noticed: noticed);

        // Zone c's replica got a notice and drains; a and b keep theirs. Zone c is the only empty zone, so without the
        // notice the spread rule would put the replacement right back where the cloud is taking capacity.
        var obs = Observation(losses: []) with
        {
            Replicas = [Replica(0, 0), Replica(3, 0), Replica(1, 1), Replica(2, 2, ReplicaStatus.Draining, noticed: true)],
        };
        var decision = await activity.RunAsync(new Context(), new DecideRequest("llama", obs, ControllerMemory.Empty, new ControlOptions(), 0));

        Assert.Equal(4, decision.Spot.Sum()); // the replacement launches now, while the noticed replica still serves
        Assert.Equal(0, decision.Spot[2]);
        Assert.Contains(Zones[2].Key, decision.Memory.Preempted);

        // The same drain without a notice (a scale-in) is no reason to avoid the zone.
        var plain = obs with { Replicas = [Replica(0, 0), Replica(3, 0), Replica(1, 1), Replica(2, 2, ReplicaStatus.Draining)] };
        var free = await activity.RunAsync(new Context(), new DecideRequest("llama", plain, ControllerMemory.Empty, new ControlOptions(), 0));
        Assert.Equal(1, free.Spot[2]);
    }

    private static readonly ZoneOffer[] Zones = [.. new[] { "local-zone-a", "local-zone-b", "local-zone-c" }.Select(z =>
    {
        var location = new Location(Core.Model.Clouds.Local, "local-region-1", z);
        return new ZoneOffer(location.ToString(), new Offering("local-emulator", "A10G", 1, location, Market.Spot, 0.45m));
    })];

    // Target 3 on three zones: replicas r0..r3 ready, two in the first zone (the extra) and one in each other.
    private static ServiceObservation Observation(IReadOnlyList<ReplicaLoss> losses)
    {
        var at = TestStores.T0;
        FleetReplica Replica(int i, int zone) => new($"r{i}", Zones[zone].Key, Market.Spot, at, ReplicaStatus.Ready, 1);
        return new ServiceObservation(
            true,
            false,
            1,
            3,
            new ReplicaPolicySpec { MinReplicas = 3, MaxReplicas = 3, NumOverprovision = 1 },
            true,
            Zones,
            new Offering("local-emulator", "A10G", 1, Zones[0].Offering.Location, Market.OnDemand, 1.01m),
            [Replica(0, 0), Replica(1, 1), Replica(2, 2), Replica(3, 0)],
            losses,
            at);
    }

    private sealed class Context : TaskActivityContext
    {
        public override TaskName Name => new(ControllerActivities.DecideFleet);

        public override string InstanceId => "test";
    }
}
