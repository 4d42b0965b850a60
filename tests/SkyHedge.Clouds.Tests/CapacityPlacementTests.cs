using SkyHedge.Clouds.AzureCompute;
using SkyHedge.Clouds.GcpCompute;
using SkyHedge.Clouds.Tests.Azure;
using SkyHedge.Clouds.Tests.Gcp;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.Tests;

/// <summary>The placer reacting to the GCP and Azure adapters' typed capacity errors (the AWS one is in
/// <c>AwsPlacementTests</c>): the cheapest zone is out of capacity in the cloud's fake, the placer marks it and the
/// replica lands in the next cheapest zone.</summary>
public sealed class CapacityPlacementTests
{
    [Fact]
    public async Task A_GCP_zone_pool_exhausted_marks_the_zone_and_the_placer_moves_on()
    {
        await using var fake = await ComputeFake.StartAsync();
        fake.Exhaust("us-central1-b");
        var offers = Offers(Core.Model.Clouds.Gcp, "us-central1", "a2-highgpu-1g", "A100", ("us-central1-a", 1.90m), ("us-central1-b", 1.70m), ("us-central1-c", 1.80m));
        using var gcp = new GcpCloudProvider(new GcpOptions
        {
            Project = "p",
            Regions = new Dictionary<string, GcpRegionOptions> { ["us-central1"] = new("img", "regions/us-central1/subnetworks/s") },
            AdminUrl = new Uri("https://admin.example.net"),
            ApiBase = fake.Url,
            AccessToken = _ => Task.FromResult(ComputeFake.Token),
            Catalog = PriceCatalog.FromOfferings(offers),
        });

        var (refused, placed, placer) = await PlacementDrill.RunAsync(gcp, offers);

        Assert.Equal([offers[1].Location], refused);
        Assert.Equal(offers[2].Location, placed);
        Assert.False(placer.IsActive(1));
    }

    [Fact]
    public async Task An_Azure_zonal_allocation_failure_marks_the_zone_and_the_placer_moves_on()
    {
        await using var fake = await ArmFake.StartAsync();
        fake.Exhaust("2");
        using var http = fake.Client();
        var offers = Offers(Core.Model.Clouds.Azure, "eastus", "Standard_NC24ads_A100_v4", "A100-80GB", ("1", 0.95m), ("2", 0.80m), ("3", 0.90m));
        var azure = new AzureCloudProvider(new AzureOptions
        {
            SubscriptionId = "00000000-0000-0000-0000-000000000001",
            ResourceGroup = "rg",
            Regions = new Dictionary<string, AzureRegionOptions> { ["eastus"] = new("/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/x", "p:o:s:latest") },
            AdminUrl = new Uri("https://admin.example.net"),
            Credential = new ArmFake.FixedCredential("fake-arm-token"),
            Endpoint = fake.Url,
            HttpClient = http,
        });

        var (refused, placed, placer) = await PlacementDrill.RunAsync(azure, offers);

        Assert.Equal([offers[1].Location], refused);
        Assert.Equal(offers[2].Location, placed);
        Assert.False(placer.IsActive(1));
    }

    private static List<Offering> Offers(string cloud, string region, string type, string gpu, params (string Zone, decimal Price)[] zones) =>
        [.. zones.Select(z => new Offering(type, gpu, 1, new Location(cloud, region, z.Zone), Market.Spot, z.Price))];
}
