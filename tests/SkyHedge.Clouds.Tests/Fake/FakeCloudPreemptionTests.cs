using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Tests.Fake;

public sealed class FakeCloudPreemptionTests : IDisposable
{
    private readonly FakeCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Preempting_a_location_takes_its_spot_instances_and_they_stay_listed_until_terminated(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world);
        var spot = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        var onDemand = await provider.LaunchAsync(FakeCloudKit.Request("r2", market: Market.OnDemand), FakeCloudKit.Ct);
        var elsewhere = await provider.LaunchAsync(FakeCloudKit.Request("r3", FakeCloudKit.Zone('c')), FakeCloudKit.Ct);

        Assert.Equal([spot.InstanceId], world.Preempt(FakeCloudKit.Zone()));

        var listed = await provider.ListAsync("svc", FakeCloudKit.Ct);
        Assert.Equal(InstanceState.Preempted, listed.Single(i => i.InstanceId == spot.InstanceId).State);
        Assert.Null(listed.Single(i => i.InstanceId == spot.InstanceId).Address);
        Assert.Equal([onDemand.InstanceId, elsewhere.InstanceId], world.LiveInstances().Select(i => i.InstanceId));

        await provider.TerminateAsync(spot.InstanceId, FakeCloudKit.Ct);

        Assert.DoesNotContain(await provider.ListAsync("svc", FakeCloudKit.Ct), i => i.InstanceId == spot.InstanceId);
        Assert.Equal(InstanceState.Terminated, (await provider.GetAsync(spot.InstanceId, FakeCloudKit.Ct))!.State);
        Assert.Equal(1, world.Preempted);
        Assert.Equal(1, world.Terminated);
    }

    [Fact]
    public async Task Preempting_one_instance_frees_its_capacity()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        world.SetSpotCapacity(FakeCloudKit.Zone(), 1);
        var first = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        Assert.True(world.Preempt(first.InstanceId));
        Assert.False(world.Preempt(first.InstanceId));
        Assert.False(world.Preempt("no-such-instance"));
        var second = await provider.LaunchAsync(FakeCloudKit.Request("r2"), FakeCloudKit.Ct);

        Assert.Equal([second.InstanceId], world.LiveInstances().Select(i => i.InstanceId));
    }

    [Fact]
    public async Task Reap_terminates_preempted_instances()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        await provider.LaunchAsync(FakeCloudKit.Request("r2", FakeCloudKit.Zone('b')), FakeCloudKit.Ct);
        world.Preempt(FakeCloudKit.Zone());

        Assert.Equal([a.InstanceId], world.Reap());

        Assert.Single(await provider.ListAsync(null, FakeCloudKit.Ct));
        Assert.Equal(1, world.Preempted);
        Assert.Equal(1, world.Terminated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_a_reap_delay_preempted_instances_leave_the_list_by_themselves(bool file)
    {
        var world = _kit.Cloud(file);
        world.SetReapDelay(TimeSpan.FromMinutes(2));
        var provider = new FakeCloudProvider(world);
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        world.Preempt(a.InstanceId);

        _kit.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(InstanceState.Preempted, (await provider.ListAsync(null, FakeCloudKit.Ct)).Single().State);

        _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await provider.ListAsync(null, FakeCloudKit.Ct));
        Assert.Equal(InstanceState.Terminated, (await provider.GetAsync(a.InstanceId, FakeCloudKit.Ct))!.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_notice_is_reported_then_the_instance_is_preempted_after_the_lead_time(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world, "aws");
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('a', "aws")), FakeCloudKit.Ct);
        _kit.Clock.Advance(TimeSpan.FromMinutes(10));
        var noticeAt = _kit.Clock.GetUtcNow();

        Assert.True(world.Notice(a.InstanceId, preemptAfter: TimeSpan.FromMinutes(2)));

        var noticed = await provider.GetAsync(a.InstanceId, FakeCloudKit.Ct);
        Assert.Equal(InstanceState.Running, noticed!.State);
        Assert.Equal(noticeAt, noticed.InterruptionNoticeAt);
        Assert.Equal(0, world.Preempted);

        _kit.Clock.Advance(TimeSpan.FromMinutes(2));
        var gone = await provider.GetAsync(a.InstanceId, FakeCloudKit.Ct);
        Assert.Equal(InstanceState.Preempted, gone!.State);
        Assert.Equal(noticeAt, gone.InterruptionNoticeAt);
        Assert.Equal(1, world.Preempted);
        Assert.Empty(world.LiveInstances());
    }

    [Fact]
    public async Task A_notice_alone_does_not_preempt_and_a_future_notice_shows_at_its_time()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        var at = FakeCloudKit.Start.AddMinutes(1);

        Assert.True(world.Notice(a.InstanceId, at));
        Assert.Null((await provider.GetAsync(a.InstanceId, FakeCloudKit.Ct))!.InterruptionNoticeAt);

        _kit.Clock.Advance(TimeSpan.FromHours(1));
        var later = await provider.GetAsync(a.InstanceId, FakeCloudKit.Ct);
        Assert.Equal(at, later!.InterruptionNoticeAt);
        Assert.Equal(InstanceState.Running, later.State);
        Assert.False(world.Notice("no-such-instance"));
    }

    [Fact]
    public async Task Terminating_before_a_scheduled_preemption_means_it_never_happens()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        world.Notice(a.InstanceId, preemptAfter: TimeSpan.FromSeconds(30));

        await provider.TerminateAsync(a.InstanceId, FakeCloudKit.Ct);
        _kit.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, world.Preempted);
        Assert.Equal(1, world.Terminated);
    }
}
