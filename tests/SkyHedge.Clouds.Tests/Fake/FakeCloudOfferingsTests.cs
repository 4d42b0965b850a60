using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Fake;

public sealed class FakeCloudOfferingsTests : IDisposable
{
    private readonly FakeCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task Default_offerings_are_four_zones_spot_then_on_demand_of_a10g()
    {
        var provider = new FakeCloudProvider(FakeCloud.InMemory(_kit.Clock), "gcp");

        var offerings = await provider.GetOfferingsAsync(new ResourceCandidate(), FakeCloudKit.Ct);

        Assert.Equal(8, offerings.Count);
        Assert.All(offerings.Take(4), o => Assert.Equal((Market.Spot, 1.0m), (o.Market, o.HourlyPrice)));
        Assert.All(offerings.Skip(4), o => Assert.Equal((Market.OnDemand, 3.0m), (o.Market, o.HourlyPrice)));
        Assert.All(offerings, o => Assert.Equal(("fake.gpu", "A10G", 1, "gcp", "gcp-region-1"), (o.InstanceType, o.Accelerator, o.AcceleratorCount, o.Location.Cloud, o.Location.Region)));
        Assert.Equal(["gcp-zone-a", "gcp-zone-b", "gcp-zone-c", "gcp-zone-d"], offerings.Take(4).Select(o => o.Location.Zone));
    }

    [Fact]
    public async Task Default_offerings_follow_the_candidate_gpus_and_zones()
    {
        var provider = new FakeCloudProvider(FakeCloud.InMemory(_kit.Clock), "aws");
        var candidate = new ResourceCandidate
        {
            Cloud = "aws",
            Regions = ["aws-region-1"],
            Zones = ["aws-zone-b", "aws-zone-d"],
            Accelerators = [new AcceleratorRequest("L4", 4)],
        };

        var offerings = await provider.GetOfferingsAsync(candidate, FakeCloudKit.Ct);

        Assert.Equal(4, offerings.Count);
        Assert.All(offerings, o => Assert.Equal(("L4", 4), (o.Accelerator, o.AcceleratorCount)));
        Assert.Equal(["aws-zone-b", "aws-zone-d"], offerings.Select(o => o.Location.Zone).Distinct());
    }

    [Fact]
    public async Task A_candidate_for_another_cloud_gets_nothing()
    {
        var provider = new FakeCloudProvider(FakeCloud.InMemory(_kit.Clock), "aws");

        Assert.Empty(await provider.GetOfferingsAsync(new ResourceCandidate { Cloud = "gcp" }, FakeCloudKit.Ct));
    }

    [Fact]
    public async Task An_unknown_region_or_instance_type_of_this_cloud_is_an_invalid_spec_but_of_any_cloud_is_empty()
    {
        var provider = new FakeCloudProvider(FakeCloud.InMemory(_kit.Clock), "aws");

        var error = await Assert.ThrowsAsync<InvalidSpecException>(
            () => provider.GetOfferingsAsync(new ResourceCandidate { Cloud = "aws", Regions = ["us-east-1"] }, FakeCloudKit.Ct));
        Assert.Contains("us-east-1", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidSpecException>(
            () => provider.GetOfferingsAsync(new ResourceCandidate { Cloud = "aws", InstanceType = "p4d.24xlarge" }, FakeCloudKit.Ct));
        Assert.Empty(await provider.GetOfferingsAsync(new ResourceCandidate { Regions = ["us-east-1"] }, FakeCloudKit.Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Programmed_offerings_replace_the_defaults_until_reset(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world, "aws");
        var east = new Location("aws", "us-east-1", "use1-az1");
        var west = new Location("aws", "us-west-2", "usw2-az1");
        world.SetOfferings("aws",
        [
            new Offering("g5.xlarge", "A10G", 1, east, Market.OnDemand, 1.006m),
            new Offering("g5.xlarge", "A10G", 1, east, Market.Spot, 0.40m),
            new Offering("g6.xlarge", "L4", 1, west, Market.Spot, 0.35m),
        ]);

        var a10g = await provider.GetOfferingsAsync(new ResourceCandidate { Accelerators = [new("A10G (PCIe)", 1)] }, FakeCloudKit.Ct);
        var all = await provider.GetOfferingsAsync(new ResourceCandidate(), FakeCloudKit.Ct);

        Assert.Equal([0.40m, 1.006m], a10g.Select(o => o.HourlyPrice));
        Assert.Equal(east, a10g[0].Location);
        Assert.Equal(["g6.xlarge", "g5.xlarge", "g5.xlarge"], all.Select(o => o.InstanceType));
        Assert.Empty(await provider.GetOfferingsAsync(new ResourceCandidate { Accelerators = [new("A10G", 8)] }, FakeCloudKit.Ct));

        world.SetOfferings("aws", null);

        Assert.Equal(8, (await provider.GetOfferingsAsync(new ResourceCandidate(), FakeCloudKit.Ct)).Count);
    }
}
