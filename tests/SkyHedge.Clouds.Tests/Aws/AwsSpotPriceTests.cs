using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Aws;

/// <summary>Live spot prices from DescribeSpotPriceHistory, through the real SDK against the EC2 fake.</summary>
public sealed class AwsSpotPriceTests : IAsyncLifetime
{
    private static readonly ResourceCandidate A10G = new() { Accelerators = [new AcceleratorRequest("A10G", 1)] };
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));
    private readonly List<string> _warnings = [];
    private Ec2Fake _fake = null!;

    public async Task InitializeAsync() => _fake = await Ec2Fake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Spot_offerings_carry_each_zones_latest_live_price_and_on_demand_keeps_the_catalogs()
    {
        // The catalog has g5.xlarge spot at 0.4507 (use1-az1) and 0.4246 (use1-az2); the live market says otherwise.
        _fake.SpotPrices.Enqueue(("g5.xlarge", "us-east-1b", 0.61m, Now.AddHours(-3)));
        _fake.SpotPrices.Enqueue(("g5.xlarge", "us-east-1a", 0.52m, Now.AddMinutes(-20)));
        _fake.SpotPrices.Enqueue(("g5.xlarge", "us-east-1b", 0.39m, Now.AddMinutes(-5))); // newer: wins for use1-az1
        using var aws = Provider();

        var offerings = await aws.GetOfferingsAsync(A10G, CancellationToken.None);

        var spot = offerings.Where(o => o.Market == Market.Spot && o.InstanceType == "g5.xlarge").ToDictionary(o => o.Location.Zone, o => o.HourlyPrice);
        Assert.Equal(0.39m, spot["use1-az1"]);
        Assert.Equal(0.52m, spot["use1-az2"]);
        Assert.All(offerings.Where(o => o.Market == Market.OnDemand && o.InstanceType == "g5.xlarge"), o => Assert.Equal(1.006m, o.HourlyPrice));
        Assert.Equal(offerings.OrderBy(o => o.HourlyPrice).Select(o => o.HourlyPrice), offerings.Select(o => o.HourlyPrice));
        var asked = _fake.Requests.Where(r => r["Action"] == "DescribeSpotPriceHistory").ToList();
        Assert.Equal(2, asked.Count); // two pages
        Assert.All(asked, r => Assert.Equal("Linux/UNIX", r["ProductDescription.1"]));
        Assert.Contains(asked[0], f => f.Key.StartsWith("InstanceType.", StringComparison.Ordinal) && f.Value == "g5.xlarge");
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task Prices_are_cached_for_the_refresh_interval_then_refreshed()
    {
        _fake.SpotPrices.Enqueue(("g5.xlarge", "us-east-1b", 0.39m, Now.AddMinutes(-5)));
        using var aws = Provider();
        await aws.GetOfferingsAsync(A10G, CancellationToken.None);

        _fake.SpotPrices.Enqueue(("g5.xlarge", "us-east-1b", 0.70m, Now.AddMinutes(1)));
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0.39m, SpotPrice(await aws.GetOfferingsAsync(A10G, CancellationToken.None), "use1-az1"));
        Assert.Equal(1, Calls("DescribeSpotPriceHistory"));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0.70m, SpotPrice(await aws.GetOfferingsAsync(A10G, CancellationToken.None), "use1-az1"));
        Assert.Equal(2, Calls("DescribeSpotPriceHistory"));
        Assert.Equal(1, Calls("DescribeAvailabilityZones")); // zone ids do not change
    }

    [Fact]
    public async Task A_refused_refresh_keeps_the_catalog_prices_warns_once_and_retries_after_a_minute()
    {
        _fake.FailNext("DescribeAvailabilityZones", "UnauthorizedOperation", 403);
        _fake.SpotPrices.Enqueue(("g5.xlarge", "us-east-1b", 0.39m, Now.AddMinutes(-5)));
        using var aws = Provider();

        Assert.Equal(0.4507m, SpotPrice(await aws.GetOfferingsAsync(A10G, CancellationToken.None), "use1-az1"));
        var warning = Assert.Single(_warnings);
        Assert.Contains("UnauthorizedOperation", warning, StringComparison.Ordinal);
        Assert.Contains("ec2:DescribeSpotPriceHistory", warning, StringComparison.Ordinal);

        await aws.GetOfferingsAsync(A10G, CancellationToken.None);
        Assert.Equal(1, Calls("DescribeAvailabilityZones"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0.39m, SpotPrice(await aws.GetOfferingsAsync(A10G, CancellationToken.None), "use1-az1"));
        Assert.Single(_warnings);
    }

    [Fact]
    public async Task A_zero_refresh_uses_the_catalog_alone()
    {
        using var aws = Provider(TimeSpan.Zero);

        Assert.Equal(0.4507m, SpotPrice(await aws.GetOfferingsAsync(A10G, CancellationToken.None), "use1-az1"));
        Assert.Empty(_fake.Requests);
    }

    private static decimal SpotPrice(IReadOnlyList<Offering> offerings, string zone) =>
        offerings.Single(o => o.Market == Market.Spot && o.InstanceType == "g5.xlarge" && o.Location.Zone == zone).HourlyPrice;

    private int Calls(string action) => _fake.Requests.Count(r => r["Action"] == action);

    private AwsCloudProvider Provider(TimeSpan? refresh = null) => new(new AwsOptions
    {
        Regions = new Dictionary<string, AwsRegionOptions>
        {
            ["us-east-1"] = new("ami-0abcdef1234567890", new Dictionary<string, string> { ["use1-az1"] = "subnet-1", ["use1-az2"] = "subnet-2" }, ["sg-1"]),
        },
        AdminUrl = new Uri("https://skyhedge-admin.example.net"),
        ServiceUrl = _fake.Url,
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "fake-secret-key"),
        MaxErrorRetry = 1,
        SpotPriceRefresh = refresh ?? TimeSpan.FromMinutes(10),
        PriceWarning = _warnings.Add,
        Time = _clock,
    });
}
