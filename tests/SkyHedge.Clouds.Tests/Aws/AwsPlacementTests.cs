using Amazon.Runtime;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;
using SkyHedge.Core.Ports;
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
        var zones = offers.Select(o => new ZoneInfo(o.Location, (double)o.HourlyPrice, 1.006)).ToList();
        var placer = new SpotPlacer(zones.Count, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive);
        var policy = new SpotHedgePolicy(FleetPolicies.SpotHedgeCheapest, placer, overprovision: 0, replaceOnScaleIn: false);

        var alive = new int[zones.Count];
        var requested = new int[zones.Count];
        var failed = new int[zones.Count];
        var refused = new List<Location>();
        for (var tick = 0; tick < 5 && alive.Sum() == 0; tick++)
        {
            var obs = new FleetObservation(zones) { Target = 1, Tick = tick, TickSeconds = 20 };
            for (var z = 0; z < zones.Count; z++)
            {
                obs.Alive[z] = alive[z];
                obs.FailedLaunches[z] = failed[z];
                obs.Requested[z] = failed[z] > 0 ? Math.Max(requested[z], alive[z] + 1) : requested[z];
            }

            Array.Clear(failed);
            var plan = policy.Decide(obs);
            for (var z = 0; z < zones.Count; z++)
            {
                for (var k = alive[z]; k < plan.Spot[z]; k++)
                {
                    try
                    {
                        await aws.LaunchAsync(Request($"r{tick}{z}{k}", offers[z]), CancellationToken.None);
                        alive[z]++;
                    }
                    catch (InsufficientCapacityException e)
                    {
                        refused.Add(e.Location);
                        failed[z]++;
                    }
                }

                requested[z] = plan.Spot[z];
            }
        }

        Assert.Equal([offers[1].Location], refused);
        Assert.Equal([0, 0, 1], alive); // the next cheapest, az4 (with fewer than two zones left unmarked, SkyServe's rule would reset the marks)
        Assert.False(placer.IsActive(1), "the refused zone is marked");
        var instance = Assert.Single(fake.Instances);
        Assert.Equal("use1-az4", instance.Tags[AwsCloudProvider.ZoneTag]);
    }

    private static LaunchRequest Request(string replica, Offering offering) =>
        new("svc", replica, offering, new ServiceSpec { Name = "svc", Run = "exec sleep 1" }, "token-" + replica, "secret-" + replica);
}
