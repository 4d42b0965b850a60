using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Tests.Fake;

public sealed class FakeCloudListTests : IDisposable
{
    private readonly FakeCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Terminate_is_idempotent_and_succeeds_for_unknown_ids(bool file)
    {
        var world = _kit.Cloud(file);
        var provider = new FakeCloudProvider(world);
        var a = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        _kit.Clock.Advance(TimeSpan.FromMinutes(1));

        await provider.TerminateAsync(a.InstanceId, FakeCloudKit.Ct);
        _kit.Clock.Advance(TimeSpan.FromMinutes(1));
        await provider.TerminateAsync(a.InstanceId, FakeCloudKit.Ct);
        await provider.TerminateAsync("never-launched", FakeCloudKit.Ct);

        Assert.Equal(1, world.Terminated);
        Assert.Empty(world.LiveInstances());
        Assert.Empty(await provider.ListAsync(null, FakeCloudKit.Ct));
        var audit = Assert.Single(world.AllInstances());
        Assert.Equal(InstanceState.Terminated, audit.State);
        Assert.Equal(3, world.CallCount(FakeOperation.Terminate));
    }

    [Fact]
    public async Task A_cloud_sees_only_its_own_instances()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var aws = new FakeCloudProvider(world, "aws");
        var gcp = new FakeCloudProvider(world, "gcp");
        var a = await aws.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('a', "aws")), FakeCloudKit.Ct);

        Assert.Null(await gcp.GetAsync(a.InstanceId, FakeCloudKit.Ct));
        Assert.Empty(await gcp.ListAsync(null, FakeCloudKit.Ct));
        await gcp.TerminateAsync(a.InstanceId, FakeCloudKit.Ct);

        Assert.Equal(InstanceState.Running, (await aws.GetAsync(a.InstanceId, FakeCloudKit.Ct))!.State);
        Assert.Null(await aws.GetAsync("never-launched", FakeCloudKit.Ct));
    }

    [Fact]
    public async Task List_filters_by_service_and_includes_pending_instances()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        world.SetLaunchLatency(TimeSpan.FromMinutes(1));
        var provider = new FakeCloudProvider(world);
        await provider.LaunchAsync(FakeCloudKit.Request("r1", service: "chat"), FakeCloudKit.Ct);
        await provider.LaunchAsync(FakeCloudKit.Request("r2", service: "chat"), FakeCloudKit.Ct);
        var embed = await provider.LaunchAsync(FakeCloudKit.Request("r1", service: "embed"), FakeCloudKit.Ct);
        var gone = await provider.LaunchAsync(FakeCloudKit.Request("r3", service: "chat"), FakeCloudKit.Ct);
        await provider.TerminateAsync(gone.InstanceId, FakeCloudKit.Ct);

        var chat = await provider.ListAsync("chat", FakeCloudKit.Ct);
        var all = await provider.ListAsync(null, FakeCloudKit.Ct);

        Assert.Equal(["r1", "r2"], chat.Select(i => i.ReplicaId));
        Assert.All(chat, i => Assert.Equal(InstanceState.Pending, i.State));
        Assert.Equal(3, all.Count);
        Assert.Equal([embed.InstanceId], world.LiveInstances("embed").Select(i => i.InstanceId));
        Assert.Equal(4, world.TotalLaunched);
    }

    [Fact]
    public async Task Duplicate_replicas_and_the_description_name_what_is_live()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var provider = new FakeCloudProvider(world);
        await provider.LaunchAsync(FakeCloudKit.Request("r1", token: "t1"), FakeCloudKit.Ct);
        Assert.Empty(world.DuplicateReplicas());

        // A buggy caller that derives a fresh token per attempt launches the replica twice.
        await provider.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('b'), token: "t2"), FakeCloudKit.Ct);
        await provider.LaunchAsync(FakeCloudKit.Request("r2", market: Market.OnDemand), FakeCloudKit.Ct);

        var duplicates = world.DuplicateReplicas("svc");
        Assert.Equal(2, Assert.Single(duplicates, d => d.Key == "svc/r1").Value.Count);
        var text = world.DescribeLive();
        Assert.StartsWith("3 live instance(s)", text, StringComparison.Ordinal);
        Assert.Contains("svc/r2 fake/fake-region-1/fake-zone-a OnDemand fake.gpu Running", text, StringComparison.Ordinal);
        Assert.Equal("0 live instance(s) of other", world.DescribeLive("other"));
    }
}
