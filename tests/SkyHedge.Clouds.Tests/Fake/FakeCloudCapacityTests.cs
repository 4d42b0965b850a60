using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Tests.Fake;

public sealed class FakeCloudCapacityTests : IDisposable
{
    private readonly FakeCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Launch_beyond_spot_capacity_is_insufficient_capacity_with_location_and_market(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world, "aws");
        var zone = FakeCloudKit.Zone('b', "aws");
        world.SetSpotCapacity(zone, 1);
        await provider.LaunchAsync(FakeCloudKit.Request("r1", zone), FakeCloudKit.Ct);

        var error = await Assert.ThrowsAsync<InsufficientCapacityException>(
            () => provider.LaunchAsync(FakeCloudKit.Request("r2", zone), FakeCloudKit.Ct));

        Assert.Equal("aws", error.Cloud);
        Assert.Equal(zone, error.Location);
        Assert.Equal(Market.Spot, error.Market);
        Assert.Equal("InsufficientInstanceCapacity", error.CloudCode);
        Assert.Single(world.LiveInstances());
    }

    [Fact]
    public async Task Zero_spot_capacity_leaves_on_demand_and_other_zones_unlimited()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        world.SetSpotCapacity(FakeCloudKit.Zone('a'), 0);

        await Assert.ThrowsAsync<InsufficientCapacityException>(() => provider.LaunchAsync(FakeCloudKit.Request("r0"), FakeCloudKit.Ct));
        for (var i = 0; i < 20; i++)
        {
            await provider.LaunchAsync(FakeCloudKit.Request($"od{i}", market: Market.OnDemand), FakeCloudKit.Ct);
            await provider.LaunchAsync(FakeCloudKit.Request($"b{i}", FakeCloudKit.Zone('b')), FakeCloudKit.Ct);
        }

        Assert.Equal(40, world.LiveInstances().Count);
        Assert.Equal(0, world.GetCapacity(FakeCloudKit.Zone('a'), Market.Spot));
        Assert.Null(world.GetCapacity(FakeCloudKit.Zone('b'), Market.Spot));
    }

    [Fact]
    public async Task On_demand_capacity_can_be_limited_too()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        world.SetCapacity(FakeCloudKit.Zone(), Market.OnDemand, 1);
        await provider.LaunchAsync(FakeCloudKit.Request("r1", market: Market.OnDemand), FakeCloudKit.Ct);

        var error = await Assert.ThrowsAsync<InsufficientCapacityException>(
            () => provider.LaunchAsync(FakeCloudKit.Request("r2", market: Market.OnDemand), FakeCloudKit.Ct));

        Assert.Equal(Market.OnDemand, error.Market);
        Assert.Empty(world.SetCapacity(FakeCloudKit.Zone(), Market.OnDemand, 0));
        Assert.Single(world.LiveInstances());
    }

    [Fact]
    public async Task Terminating_frees_capacity()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        world.SetSpotCapacity(FakeCloudKit.Zone(), 1);
        var first = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        await provider.TerminateAsync(first.InstanceId, FakeCloudKit.Ct);
        var second = await provider.LaunchAsync(FakeCloudKit.Request("r2"), FakeCloudKit.Ct);

        Assert.Equal(InstanceState.Running, second.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lowering_spot_capacity_preempts_the_youngest_first(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await provider.LaunchAsync(FakeCloudKit.Request($"r{i}"), FakeCloudKit.Ct)).InstanceId);
            _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var onDemand = await provider.LaunchAsync(FakeCloudKit.Request("od", market: Market.OnDemand), FakeCloudKit.Ct);

        var preempted = world.SetSpotCapacity(FakeCloudKit.Zone(), 1);

        Assert.Equal([ids[3], ids[2], ids[1]], preempted);
        Assert.Equal([ids[0], onDemand.InstanceId], world.LiveInstances().Select(i => i.InstanceId));
        Assert.Equal(3, world.Preempted);
        Assert.Equal(InstanceState.Preempted, (await provider.GetAsync(ids[3], FakeCloudKit.Ct))!.State);
        await Assert.ThrowsAsync<InsufficientCapacityException>(() => provider.LaunchAsync(FakeCloudKit.Request("r9"), FakeCloudKit.Ct));
    }

    [Fact]
    public async Task Raising_capacity_preempts_nothing_and_null_means_unlimited()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        world.SetSpotCapacity(FakeCloudKit.Zone(), 2);
        await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        await provider.LaunchAsync(FakeCloudKit.Request("r2"), FakeCloudKit.Ct);

        Assert.Empty(world.SetSpotCapacity(FakeCloudKit.Zone(), 2));
        Assert.Empty(world.SetSpotCapacity(FakeCloudKit.Zone(), null));
        await provider.LaunchAsync(FakeCloudKit.Request("r3"), FakeCloudKit.Ct);
        Assert.Equal(3, world.LiveInstances().Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => world.SetSpotCapacity(FakeCloudKit.Zone(), -1));
    }
}
