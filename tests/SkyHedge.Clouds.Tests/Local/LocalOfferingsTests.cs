using SkyHedge.Clouds.Local;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using SkyHedge.Testing;

namespace SkyHedge.Clouds.Tests.Local;

public sealed class LocalOfferingsTests : IDisposable
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Default;
    private readonly LocalCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task Default_zones_are_three_local_zones_priced_as_aws_us_east_1()
    {
        var cloud = _kit.Cloud();

        var offerings = await cloud.GetOfferingsAsync(new ResourceCandidate { Accelerators = [new(Accelerators.A10G, 1)] }, LocalCloudKit.Ct);

        var spot = offerings.Where(o => o.Market == Market.Spot).ToArray();
        Assert.Equal(["local-zone-a", "local-zone-b", "local-zone-c"], spot.Select(o => o.Location.Zone).Order(StringComparer.Ordinal));
        Assert.All(spot, o =>
        {
            Assert.Equal(new Location("local", "local-region-1", o.Location.Zone), o.Location);
            Assert.Equal(LocalCloudProvider.InstanceType, o.InstanceType);
            Assert.Equal(Catalog.CheapestSpotPrice("aws", "us-east-1", "A10G"), o.HourlyPrice);
        });
        var onDemand = Assert.Single(offerings, o => o.Market == Market.OnDemand);
        Assert.Equal(Catalog.CheapestPrice("aws", "us-east-1", "A10G", Market.OnDemand), onDemand.HourlyPrice);
        Assert.Equal("local-zone-a", onDemand.Location.Zone);
        Assert.Equal(offerings.OrderBy(o => o.HourlyPrice), offerings);
    }

    [Fact]
    public async Task Trace_zones_come_from_the_shipped_excerpt_and_are_priced_by_their_region()
    {
        var cloud = _kit.Cloud(trace: RepoRoot.Combine("data", "spot", "aws-v100-excerpt"));

        Assert.Equal(9, cloud.Zones.Count);
        Assert.Contains(new LocalZone("us-east-2", "us-east-2a", "aws", "us-east-2"), cloud.Zones);

        // The trace's own GPU (V100) does not matter: the candidate's does.
        var offerings = await cloud.GetOfferingsAsync(new ResourceCandidate { Cloud = "local", Accelerators = [new("T4", 1)] }, LocalCloudKit.Ct);

        var spot = offerings.Where(o => o.Market == Market.Spot).ToDictionary(o => o.Location.Zone);
        Assert.Equal(9, spot.Count);
        Assert.All(spot.Values, o => Assert.Equal("T4", o.Accelerator));
        Assert.Equal(new Location("local", "us-east-1", "us-east-1a"), spot["us-east-1a"].Location);
        Assert.Equal(Catalog.CheapestSpotPrice("aws", "us-east-1", "T4"), spot["us-east-1a"].HourlyPrice);
        Assert.Equal(Catalog.CheapestSpotPrice("aws", "us-west-2", "T4"), spot["us-west-2c"].HourlyPrice);

        // us-east-2 is not in the catalog: priced as the cheapest AWS spot T4 anywhere.
        Assert.Null(Catalog.CheapestSpotPrice("aws", "us-east-2", "T4"));
        Assert.Equal(Catalog.Cheapest("aws", "T4", Market.Spot, 1)!.HourlyPrice, spot["us-east-2b"].HourlyPrice);

        var onDemand = Assert.Single(offerings, o => o.Market == Market.OnDemand);
        Assert.Equal(Catalog.Cheapest("aws", "T4", Market.OnDemand, 1)!.HourlyPrice, onDemand.HourlyPrice);
    }

    [Fact]
    public async Task The_on_demand_cost_ratio_prices_on_demand_as_a_multiple_of_spot()
    {
        var cloud = _kit.Cloud(trace: RepoRoot.Combine("data", "spot", "aws-v100-excerpt"), onDemandRatio: 3m);

        var offerings = await cloud.GetOfferingsAsync(new ResourceCandidate { Accelerators = [new("V100", 1)] }, LocalCloudKit.Ct);

        var cheapestSpot = offerings.Where(o => o.Market == Market.Spot).MinBy(o => o.HourlyPrice)!;
        var onDemand = Assert.Single(offerings, o => o.Market == Market.OnDemand);
        Assert.Equal(cheapestSpot.HourlyPrice * 3m, onDemand.HourlyPrice);
    }

    [Fact]
    public async Task Candidates_filter_zones_and_other_clouds_get_nothing()
    {
        var cloud = _kit.Cloud(trace: RepoRoot.Combine("data", "spot", "aws-v100-excerpt"));

        var west = await cloud.GetOfferingsAsync(new ResourceCandidate { Regions = ["us-west-2"] }, LocalCloudKit.Ct);
        Assert.Equal(["us-west-2a", "us-west-2b", "us-west-2c"], west.Where(o => o.Market == Market.Spot).Select(o => o.Location.Zone).Order(StringComparer.Ordinal));
        Assert.All(west, o => Assert.Equal("A10G", o.Accelerator));

        var oneZone = await cloud.GetOfferingsAsync(new ResourceCandidate { Zones = ["us-east-1f"] }, LocalCloudKit.Ct);
        Assert.All(oneZone, o => Assert.Equal("us-east-1f", o.Location.Zone));
        Assert.Equal(2, oneZone.Count);

        Assert.Empty(await cloud.GetOfferingsAsync(new ResourceCandidate { Cloud = "aws" }, LocalCloudKit.Ct));
        Assert.Empty(await cloud.GetOfferingsAsync(new ResourceCandidate { InstanceType = "p3.2xlarge" }, LocalCloudKit.Ct));
        Assert.Empty(await cloud.GetOfferingsAsync(new ResourceCandidate { Regions = ["eu-west-1"] }, LocalCloudKit.Ct));
        var unknown = await Assert.ThrowsAsync<InvalidSpecException>(
            () => cloud.GetOfferingsAsync(new ResourceCandidate { Cloud = "local", Regions = ["eu-west-1"] }, LocalCloudKit.Ct));
        Assert.Contains("eu-west-1", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidSpecException>(
            () => cloud.GetOfferingsAsync(new ResourceCandidate { Cloud = "local", Zones = ["local-zone-a"] }, LocalCloudKit.Ct));
    }

    [Fact]
    public void Options_are_validated_and_log_paths_stay_in_their_folder()
    {
        Assert.Throws<ArgumentException>(() => new LocalCloudProvider(new LocalCloudOptions { TimeScale = 0 }));
        Assert.Throws<ArgumentException>(() => new LocalCloudProvider(new LocalCloudOptions { PreemptTrace = "x", Zones = LocalZone.Defaults }));
        Assert.Throws<Simulation.Traces.TraceFormatException>(() => new LocalCloudProvider(new LocalCloudOptions { PreemptTrace = Path.Combine(_kit.TempDirectory, "missing") }));

        var path = LocalCloudOptions.LogPath("/logs", "../svc", "a/b");
        Assert.Equal(Path.Combine("/logs", "_._svc", "a_b.log"), path);
    }

    [Fact]
    public async Task With_the_trace_prices_spot_follows_the_zone_and_tick_and_other_gpus_scale_with_it()
    {
        var cloud = _kit.Cloud(
            LocalCloudKit.Sleeper,
            trace: RepoRoot.Combine("data", "spot", "aws-v100-excerpt"),
            spotPrices: RepoRoot.Combine("data", "prices", "aws-v100-excerpt-spot-prices.csv"));
        var v100 = new ResourceCandidate { Accelerators = [new("V100", 1)] };
        var a10g = new ResourceCandidate { Accelerators = [new(Accelerators.A10G, 1)] };

        // Tick 0: the trace's own GPU costs exactly the trace's price, zone by zone.
        var spot = await SpotByZoneAsync(cloud, v100);
        Assert.Equal(1.6703m, spot["us-east-1a"]);
        Assert.NotEqual(spot["us-east-1a"], spot["us-west-2a"]);

        // Another GPU: its catalog price × (trace price ÷ the catalog's V100 price) in the same region.
        var scaled = await SpotByZoneAsync(cloud, a10g);
        var factor = 1.6703m / Catalog.CheapestSpotPrice("aws", "us-east-1", "V100")!.Value;
        Assert.Equal(Math.Round(Catalog.CheapestSpotPrice("aws", "us-east-1", "A10G")!.Value * factor, 6), scaled["us-east-1a"]);

        // The replay starts with the first launch; 560 s at 60× is tick 172, where us-east-1a changed to 1.6729.
        await cloud.LaunchAsync(LocalCloudKit.Request("r1", LocalCloudKit.Zone("us-east-1a", "us-east-1"), Market.OnDemand), LocalCloudKit.Ct);
        _kit.Clock.Advance(TimeSpan.FromSeconds(560));
        Assert.Equal(1.6729m, (await SpotByZoneAsync(cloud, v100))["us-east-1a"]);
    }

    [Theory]
    [InlineData("zone,tick,price\nus-east-1a,0,1\n", "first line")]
    [InlineData("zone,tick,price_usd_per_hour\nus-east-1a,0,-1\n", ":2:")]
    [InlineData("zone,tick,price_usd_per_hour\nus-east-1a,5,1.2\n", "no price at tick 0")]
    [InlineData("zone,tick,price_usd_per_hour\nus-east-1a,0,1.2\nus-east-1a,0,1.3\n", "tick 0 twice")]
    public void A_bad_price_file_is_refused_with_the_reason(string text, string reason)
    {
        var path = Path.Combine(_kit.TempDirectory, "prices-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        File.WriteAllText(path, text);

        var error = Assert.Throws<SkyHedge.Simulation.Traces.TraceFormatException>(() => SpotPriceSeries.Load(path));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_holds_until_the_zones_next_change_point()
    {
        var path = Path.Combine(_kit.TempDirectory, "prices.csv");
        File.WriteAllText(path, "zone,tick,price_usd_per_hour\r\nz1,0,1.0\r\nz1,10,2.0\r\nz2,0,3.0\r\n");
        var prices = SpotPriceSeries.Load(path);

        Assert.Equal([1.0m, 1.0m, 2.0m, 2.0m, 3.0m], new[] { prices.PriceAt("z1", 0), prices.PriceAt("z1", 9), prices.PriceAt("z1", 10), prices.PriceAt("z1", 999), prices.PriceAt("z2", 5) });
        Assert.Null(prices.PriceAt("z3", 0));
    }

    private static async Task<Dictionary<string, decimal>> SpotByZoneAsync(LocalCloudProvider cloud, ResourceCandidate candidate) =>
        (await cloud.GetOfferingsAsync(candidate, LocalCloudKit.Ct)).Where(o => o.Market == Market.Spot).ToDictionary(o => o.Location.Zone, o => o.HourlyPrice);
}
