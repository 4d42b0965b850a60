using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

public sealed class FleetPoliciesTests
{
    public static TheoryData<string> AllNames => new(FleetPolicies.Names);

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Every_name_creates_a_policy_with_that_name(string name)
    {
        var policy = FleetPolicies.Create(name, zoneCount: 3, overprovision: 1, new Random(1));
        Assert.Equal(name, policy.Name);
        var plan = policy.Decide(Fleet.Observe(Fleet.Zones(3), 2));
        Assert.Equal(3, plan.Spot.Length);
    }

    [Fact]
    public void Names_are_the_six_policies()
    {
        Assert.Equal(["ondemand", "even-spread", "round-robin", "spothedge", "spothedge-cheapest", "skyhedge"], FleetPolicies.Names);
        Assert.IsType<SpotHedgePolicy>(FleetPolicies.Create(FleetPolicies.SpotHedgeCheapest, 3, 1, new Random(1)));
        Assert.IsType<SkyHedgePolicy>(FleetPolicies.Create(FleetPolicies.SkyHedge, 3, 1, new Random(1)));
    }

    [Fact]
    public void Overprovision_reaches_the_hedging_policies_only()
    {
        var obs = Fleet.Observe(Fleet.Zones(3), 2, alive: [1, 1, 1]);
        Assert.Equal(4, FleetPolicies.Create(FleetPolicies.SpotHedge, 3, 2, new Random(1)).Decide(obs).TotalSpot);
        Assert.Equal(4, FleetPolicies.Create(FleetPolicies.SkyHedge, 3, 2, new Random(1)).Decide(obs).TotalSpot);
        Assert.Equal(2, FleetPolicies.Create(FleetPolicies.EvenSpread, 3, 2, new Random(1)).Decide(obs).TotalSpot);
    }

    [Fact]
    public void An_unknown_name_is_rejected_listing_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => FleetPolicies.Create("spot-hedge", 3, 1, new Random(1)));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("spot-hedge", ex.Message, StringComparison.Ordinal);
        Assert.All(FleetPolicies.Names, n => Assert.Contains(n, ex.Message, StringComparison.Ordinal));
    }
}
