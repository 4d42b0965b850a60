using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

/// <summary>Scale-in: the artifact re-places the spot fleet; production removes replicas where they are.</summary>
public sealed class ScaleInTests
{
    [Fact]
    public void ProductionSpotHedgeKeepsReadyReplicasWhenScalingIn()
    {
        var zones = Fleet.Zones(9);
        var policy = FleetPolicies.Create(FleetPolicies.SpotHedgeCheapest, 9, overprovision: 1, new Random(0));
        int[] alive = [0, 0, 0, 0, 0, 0, 1, 1, 1];
        var plan = policy.Decide(Fleet.Observe(zones, target: 1, alive: alive));

        Assert.Equal(2, plan.TotalSpot);
        for (var z = 0; z < 9; z++)
        {
            Assert.True(plan.Spot[z] <= alive[z], $"zone {z} gained a replica while scaling in");
        }
    }

    [Fact]
    public void ProductionSpotHedgeRemovesStartingReplicasBeforeReadyOnes()
    {
        var zones = Fleet.Zones(3);
        var policy = FleetPolicies.Create(FleetPolicies.SpotHedgeCheapest, 3, overprovision: 1, new Random(0));
        var plan = policy.Decide(Fleet.Observe(zones, target: 1, alive: [1, 1, 1], ready: [1, 0, 1]));
        Assert.Equal([1, 0, 1], plan.Spot);
    }

    [Fact]
    public void ArtifactSpotHedgeReplacesTheFleet()
    {
        // The paper's artifact rebuilds the plan from zero when scaling in; kept as it is for the reproduction.
        var zones = Fleet.Zones(9);
        var policy = FleetPolicies.Create(FleetPolicies.SpotHedge, 9, overprovision: 1, new Random(0));
        var plan = policy.Decide(Fleet.Observe(zones, target: 1, alive: [0, 0, 0, 0, 0, 0, 1, 1, 1]));
        Assert.Equal(2, plan.TotalSpot);
        Assert.Equal(2, plan.Spot.Count(s => s == 1));
    }
}
