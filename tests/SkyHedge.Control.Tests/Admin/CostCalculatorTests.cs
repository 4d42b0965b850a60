using SkyHedge.Control.Admin;
using SkyHedge.Control.State;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Tests.Admin;

public sealed class CostCalculatorTests
{
    private static readonly DateTimeOffset T0 = AdminHarness.T0;

    [Fact]
    public void The_default_baseline_is_the_catalogs_on_demand_price_of_the_instance_type()
    {
        var lookup = OnDemandPrices.FromCatalog(PriceCatalog.Default);

        // A zone name the catalog does not use (it names AWS zone ids): priced by region.
        Assert.Equal(1.006m, lookup(Spot("g5.xlarge", "us-east-1a")));
        Assert.Null(lookup(Spot("no-such-type", "us-east-1a")));
    }

    [Fact]
    public void A_spot_replica_nothing_can_price_on_demand_counts_at_its_own_price()
    {
        var calculator = new CostCalculator(_ => null);
        var spot = new ReplicaRecord(Spot("mystery", "us-east-1a") with { LaunchTime = T0 }, 1);
        var pending = new ReplicaRecord(Spot("mystery", "us-east-1a"), 1); // never launched: never billed

        var cost = calculator.Compute([spot, pending], T0.AddHours(2));

        Assert.Equal(new CostView(0.9m, 0.9m, 0m, 0.9m), cost);
    }

    private static Replica Spot(string instanceType, string zone) =>
        new("r-1", "demo", "aws", "us-east-1", zone, instanceType, "A10G", Market.Spot, 0.45m, ReplicaStatus.Ready);
}
