using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Tests.Fake;

public sealed class FakeCloudLaunchTests : IDisposable
{
    private readonly FakeCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Launch_creates_a_tagged_running_instance_with_the_default_address(bool file)
    {
        var provider = new FakeCloudProvider(_kit.Cloud(file));

        var instance = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        Assert.Equal("svc", instance.Service);
        Assert.Equal("r1", instance.ReplicaId);
        Assert.Equal(FakeCloudKit.Zone(), instance.Location);
        Assert.Equal(Market.Spot, instance.Market);
        Assert.Equal("fake.gpu", instance.InstanceType);
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal($"fake://fake/{instance.InstanceId}", instance.Address);
        Assert.Equal(FakeCloudKit.Start, instance.LaunchedAt);
        Assert.Null(instance.InterruptionNoticeAt);
        Assert.Equal(1, provider.FakeCloud.TotalLaunched);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Launch_with_a_used_token_returns_the_same_instance_and_counts_the_duplicate(bool file)
    {
        var provider = new FakeCloudProvider(_kit.Cloud(file));

        var first = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        var second = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        Assert.Equal(first, second);
        Assert.Equal(1, provider.FakeCloud.TotalLaunched);
        Assert.Single(provider.FakeCloud.LiveInstances());
        Assert.Equal(1, provider.FakeCloud.DuplicateLaunchAttempts);
        Assert.Equal(2, provider.FakeCloud.CallCount(FakeOperation.Launch));
    }

    [Fact]
    public async Task Launch_with_the_token_of_a_terminated_instance_returns_it_terminated_and_creates_nothing()
    {
        var provider = new FakeCloudProvider(FakeCloud.InMemory(_kit.Clock));
        var first = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        await provider.TerminateAsync(first.InstanceId, FakeCloudKit.Ct);

        var again = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Equal(InstanceState.Terminated, again.State);
        Assert.Equal(1, provider.FakeCloud.TotalLaunched);
        Assert.Empty(provider.FakeCloud.LiveInstances());
    }

    [Fact]
    public async Task Launch_reusing_a_token_for_another_replica_is_an_idempotent_parameter_mismatch()
    {
        var provider = new FakeCloudProvider(FakeCloud.InMemory(_kit.Clock));
        await provider.LaunchAsync(FakeCloudKit.Request("r1", token: "t"), FakeCloudKit.Ct);

        var error = await Assert.ThrowsAsync<InvalidSpecException>(
            () => provider.LaunchAsync(FakeCloudKit.Request("r2", token: "t"), FakeCloudKit.Ct));
        Assert.Equal("IdempotentParameterMismatch", error.CloudCode);
        await Assert.ThrowsAsync<InvalidSpecException>(
            () => provider.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('b'), token: "t"), FakeCloudKit.Ct));
        Assert.Equal(1, provider.FakeCloud.TotalLaunched);
        Assert.Equal(0, provider.FakeCloud.DuplicateLaunchAttempts);
    }

    [Fact]
    public async Task Same_token_on_two_clouds_makes_two_instances()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        var aws = new FakeCloudProvider(world, "aws");
        var gcp = new FakeCloudProvider(world, "gcp");

        var a = await aws.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('a', "aws")), FakeCloudKit.Ct);
        var g = await gcp.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('a', "gcp")), FakeCloudKit.Ct);

        Assert.NotEqual(a.InstanceId, g.InstanceId);
        Assert.StartsWith("aws-", a.InstanceId, StringComparison.Ordinal);
        Assert.Single(world.LiveInstances(cloud: "aws"));
        Assert.Single(world.LiveInstances(cloud: "gcp"));
        Assert.Equal(2, world.LiveInstances().Count);
    }

    [Fact]
    public async Task Launch_of_an_offering_of_another_cloud_is_an_invalid_spec()
    {
        var provider = new FakeCloudProvider(FakeCloud.InMemory(_kit.Clock), "aws");

        await Assert.ThrowsAsync<InvalidSpecException>(
            () => provider.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('a', "gcp")), FakeCloudKit.Ct));
        Assert.Equal(0, provider.FakeCloud.TotalLaunched);
    }

    [Fact]
    public async Task Address_factory_decides_the_address()
    {
        var provider = new FakeCloudProvider(
            FakeCloud.InMemory(_kit.Clock), addressFactory: (request, id) => $"http://127.0.0.1:1/{request.ReplicaId}/{id}");

        var instance = await provider.LaunchAsync(FakeCloudKit.Request("r7"), FakeCloudKit.Ct);

        Assert.Equal($"http://127.0.0.1:1/r7/{instance.InstanceId}", instance.Address);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Instance_is_pending_without_address_until_the_launch_latency_has_passed(bool file)
    {
        var world = _kit.Cloud(file);
        world.SetLaunchLatency(TimeSpan.FromSeconds(90));
        var provider = new FakeCloudProvider(world);

        var launched = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        Assert.Equal(InstanceState.Pending, launched.State);
        Assert.Null(launched.Address);

        _kit.Clock.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(InstanceState.Pending, (await provider.GetAsync(launched.InstanceId, FakeCloudKit.Ct))!.State);

        _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var running = await provider.GetAsync(launched.InstanceId, FakeCloudKit.Ct);
        Assert.Equal(InstanceState.Running, running!.State);
        Assert.NotNull(running.Address);
        Assert.Equal(FakeCloudKit.Start, running.LaunchedAt);
    }

    [Fact]
    public async Task Launch_latency_can_differ_per_cloud()
    {
        var world = FakeCloud.InMemory(_kit.Clock);
        world.SetLaunchLatency(TimeSpan.FromSeconds(10));
        world.SetLaunchLatency(TimeSpan.FromMinutes(5), "gcp");
        var aws = new FakeCloudProvider(world, "aws");
        var gcp = new FakeCloudProvider(world, "gcp");
        var a = await aws.LaunchAsync(FakeCloudKit.Request("r1", FakeCloudKit.Zone('a', "aws")), FakeCloudKit.Ct);
        var g = await gcp.LaunchAsync(FakeCloudKit.Request("r2", FakeCloudKit.Zone('a', "gcp")), FakeCloudKit.Ct);

        _kit.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(InstanceState.Running, (await aws.GetAsync(a.InstanceId, FakeCloudKit.Ct))!.State);
        Assert.Equal(InstanceState.Pending, (await gcp.GetAsync(g.InstanceId, FakeCloudKit.Ct))!.State);
    }

    [Fact]
    public void Provider_rejects_a_cloud_id_that_is_not_lower_case()
    {
        Assert.Throws<ArgumentException>(() => new FakeCloudProvider(FakeCloud.InMemory(), "AWS"));
        Assert.Equal("fake", new FakeCloudProvider(FakeCloud.InMemory()).Cloud);
    }
}
