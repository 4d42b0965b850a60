using Amazon.Runtime;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Aws;

/// <summary>The placer reacting to a real adapter's typed capacity error: EC2 (the loopback fake, through the SDK)
/// refuses the cheapest zone; the production SpotHedge placer marks it and launches in the other zone, as the
/// control plane's decide step feeds it failed launches.</summary>
public sealed class AwsPlacementTests
{
    [Fact]
    public async Task An_EC2_capacity_error_marks_the_zone_and_the_placer_moves_to_another()
    {
        await using var fake = await Ec2Fake.StartAsync();
        fake.NoCapacityIn("subnet-az2");
        using var aws = new AwsCloudProvider(new AwsOptions
        {
            Regions = new Dictionary<string, AwsRegionOptions>
            {
                ["us-east-1"] = new("ami-0abcdef1234567890", new Dictionary<string, string> { ["use1-az1"] = "subnet-az1", ["use1-az2"] = "subnet-az2", ["use1-az4"] = "subnet-az4" }, ["sg-1"]),
            },
            AdminUrl = new Uri("https://admin.example.net"),
            ServiceUrl = fake.Url,
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "fake-secret-key"),
        });
        var offers = (await aws.GetOfferingsAsync(new ResourceCandidate { Accelerators = [new AcceleratorRequest("A10G", 1)] }, CancellationToken.None))
            .Where(o => o.Market == Market.Spot).OrderBy(o => o.Location.Zone, StringComparer.Ordinal).ToList();
        Assert.Equal(["use1-az1", "use1-az2", "use1-az4"], offers.Select(o => o.Location.Zone));
        Assert.Equal(offers[1], offers.MinBy(o => o.HourlyPrice)); // az2 is the cheapest, so the placer tries it first
        var (refused, placed, placer) = await PlacementDrill.RunAsync(aws, offers);

        Assert.Equal([offers[1].Location], refused);
        Assert.Equal(offers[2].Location, placed); // the next cheapest, az4 (with fewer than two zones left unmarked, SkyServe's rule would reset the marks)
        Assert.False(placer.IsActive(1), "the refused zone is marked");
        var instance = Assert.Single(fake.Instances);
        Assert.Equal("use1-az4", instance.Tags[AwsCloudProvider.ZoneTag]);
    }
}
