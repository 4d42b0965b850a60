using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Fake;

public sealed class FakeCloudFaultTests : IDisposable
{
    private readonly FakeCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Programmed_launch_faults_fire_in_order_then_stop(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world);
        world.Fail(FakeOperation.Launch, FakeFault.Throttle(TimeSpan.FromSeconds(3)), times: 2);
        world.Fail(FakeOperation.Launch, FakeFault.Quota("GPUs"));
        world.Fail(FakeOperation.Launch, FakeFault.Unauthorized("expired"));
        world.Fail(FakeOperation.Launch, FakeFault.InvalidSpec("bad image"));
        world.Fail(FakeOperation.Launch, FakeFault.InsufficientCapacity());
        Assert.Equal(6, world.PendingFaults);
        var request = FakeCloudKit.Request("r1");

        for (var i = 0; i < 2; i++)
        {
            var throttled = await Assert.ThrowsAsync<ThrottledException>(() => provider.LaunchAsync(request, FakeCloudKit.Ct));
            Assert.Equal(TimeSpan.FromSeconds(3), throttled.RetryAfter);
        }

        await Assert.ThrowsAsync<QuotaExceededException>(() => provider.LaunchAsync(request, FakeCloudKit.Ct));
        await Assert.ThrowsAsync<UnauthorizedException>(() => provider.LaunchAsync(request, FakeCloudKit.Ct));
        await Assert.ThrowsAsync<InvalidSpecException>(() => provider.LaunchAsync(request, FakeCloudKit.Ct));
        var capacity = await Assert.ThrowsAsync<InsufficientCapacityException>(() => provider.LaunchAsync(request, FakeCloudKit.Ct));
        Assert.Equal(request.Offering.Location, capacity.Location);
        Assert.Equal(Market.Spot, capacity.Market);
        Assert.Equal(0, world.TotalLaunched);
        Assert.Equal(0, world.PendingFaults);

        var instance = await provider.LaunchAsync(request, FakeCloudKit.Ct);

        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal(7, world.CallCount(FakeOperation.Launch));
        Assert.Equal(7, world.CallCounts[FakeOperation.Launch]);
    }

    [Fact]
    public async Task Faults_can_target_one_operation_cloud_and_location()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var aws = new FakeCloudProvider(world, "aws");
        var gcp = new FakeCloudProvider(world, "gcp");
        world.Fail(FakeOperation.Launch, FakeFault.InsufficientCapacity(), cloud: "aws", location: FakeCloudKit.Zone('b', "aws"));
        world.Fail(FakeOperation.List, FakeFault.Unauthorized(), cloud: "gcp");

        await gcp.LaunchAsync(FakeCloudKit.Request("g1", FakeCloudKit.Zone('b', "gcp")), FakeCloudKit.Ct);
        await aws.LaunchAsync(FakeCloudKit.Request("a1", FakeCloudKit.Zone('a', "aws")), FakeCloudKit.Ct);
        await Assert.ThrowsAsync<InsufficientCapacityException>(
            () => aws.LaunchAsync(FakeCloudKit.Request("a2", FakeCloudKit.Zone('b', "aws")), FakeCloudKit.Ct));
        Assert.Single(await aws.ListAsync(null, FakeCloudKit.Ct));
        await Assert.ThrowsAsync<UnauthorizedException>(() => gcp.ListAsync(null, FakeCloudKit.Ct));
        Assert.Single(await gcp.ListAsync(null, FakeCloudKit.Ct));
        Assert.Equal(1, world.CallCount(FakeOperation.List, "aws"));
        Assert.Equal(2, world.CallCount(FakeOperation.List, "gcp"));
        Assert.Equal(3, world.CallCounts[FakeOperation.List]);
    }

    [Fact]
    public async Task Faults_apply_to_get_terminate_and_offerings_too()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        world.Fail(FakeOperation.Get, FakeFault.Throttle());
        world.Fail(FakeOperation.Terminate, FakeFault.Throttle());
        world.Fail(FakeOperation.GetOfferings, FakeFault.Unauthorized());

        await Assert.ThrowsAsync<ThrottledException>(() => provider.GetAsync(a.InstanceId, FakeCloudKit.Ct));
        await Assert.ThrowsAsync<ThrottledException>(() => provider.TerminateAsync(a.InstanceId, FakeCloudKit.Ct));
        Assert.Single(world.LiveInstances());
        await Assert.ThrowsAsync<UnauthorizedException>(() => provider.GetOfferingsAsync(new ResourceCandidate(), FakeCloudKit.Ct));
        world.Fail(FakeOperation.Get, FakeFault.Throttle(), times: 5);
        world.ClearFaults();

        Assert.NotNull(await provider.GetAsync(a.InstanceId, FakeCloudKit.Ct));
        Assert.Equal(0, world.PendingFaults);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lost_launch_response_still_launches_and_the_retry_gets_the_same_instance(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world);
        world.Fail(FakeOperation.Launch, FakeFault.LostResponse());

        await Assert.ThrowsAsync<TimeoutException>(() => provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct));
        Assert.Single(world.LiveInstances());

        var retried = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        Assert.Equal(world.LiveInstances().Single().InstanceId, retried.InstanceId);
        Assert.Equal(1, world.TotalLaunched);
        Assert.Equal(1, world.DuplicateLaunchAttempts);
    }

    [Fact]
    public async Task A_lost_terminate_response_still_terminates()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        world.Fail(FakeOperation.Terminate, FakeFault.LostResponse());

        await Assert.ThrowsAsync<TimeoutException>(() => provider.TerminateAsync(a.InstanceId, FakeCloudKit.Ct));

        Assert.Empty(world.LiveInstances());
        await provider.TerminateAsync(a.InstanceId, FakeCloudKit.Ct);
    }

    [Fact]
    public void Capacity_faults_and_locations_are_for_launches_only()
    {
        var world = FakeCloud.InMemory(_kit.Clock);

        Assert.Throws<ArgumentException>(() => world.Fail(FakeOperation.Get, FakeFault.InsufficientCapacity()));
        Assert.Throws<ArgumentException>(() => world.Fail(FakeOperation.List, FakeFault.Throttle(), location: FakeCloudKit.Zone()));
        Assert.Throws<ArgumentOutOfRangeException>(() => world.Fail(FakeOperation.Launch, FakeFault.Throttle(), times: 0));
    }

    [Fact]
    public async Task Chaos_throttling_is_seeded_and_replays_the_same_pattern()
    {
        async Task<string> Pattern(int seed)
        {
            var world = FakeCloud.InMemory(_kit.Clock);
            world.SetThrottleChaos(0.3, seed, TimeSpan.FromSeconds(1));
            var provider = new FakeCloudProvider(world);
            var pattern = new System.Text.StringBuilder();
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    await provider.ListAsync(null, FakeCloudKit.Ct);
                    pattern.Append('.');
                }
                catch (ThrottledException ex)
                {
                    Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
                    pattern.Append('T');
                }
            }

            return pattern.ToString();
        }

        var first = await Pattern(42);
        var again = await Pattern(42);
        var other = await Pattern(7);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.InRange(first.Count(c => c == 'T'), 30, 90);
    }

    [Fact]
    public async Task Chaos_off_means_no_throttling()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        world.SetThrottleChaos(1.0, 1);
        var provider = new FakeCloudProvider(world);
        await Assert.ThrowsAsync<ThrottledException>(() => provider.ListAsync(null, FakeCloudKit.Ct));

        world.SetThrottleChaos(0, 1);

        Assert.Empty(await provider.ListAsync(null, FakeCloudKit.Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => world.SetThrottleChaos(1.5, 1));
    }
}
