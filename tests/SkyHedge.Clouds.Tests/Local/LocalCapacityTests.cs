using SkyHedge.Clouds.Local;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Clouds.Tests.Local;

/// <summary>The trace replay without the real emulator: a shell stand-in prints the listening line and sleeps.</summary>
public sealed class LocalCapacityTests : IDisposable
{
    private static readonly Location ZoneA = LocalCloudKit.Zone("us-east-1a", "us-east-1");
    private static readonly Location ZoneB = LocalCloudKit.Zone("us-east-1b", "us-east-1");
    private readonly LocalCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task A_spot_launch_into_an_unavailable_zone_fails_with_insufficient_capacity_and_on_demand_does_not()
    {
        // 1-minute ticks at 60x: each wall second is one tick. a: off, on; b: on, off.
        var cloud = _kit.Cloud(LocalCloudKit.Sleeper, _kit.Trace(60, ("us-east-1a", [0, 1]), ("us-east-1b", [1, 0])));

        var error = await Assert.ThrowsAsync<InsufficientCapacityException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r1", ZoneA), LocalCloudKit.Ct));

        Assert.Equal("local", error.Cloud);
        Assert.Equal("LocalZoneUnavailable", error.CloudCode);
        Assert.Equal(ZoneA, error.Location);
        Assert.Equal(Market.Spot, error.Market);
        Assert.Empty(await cloud.ListAsync(null, LocalCloudKit.Ct));
        var onDemand = await cloud.LaunchAsync(LocalCloudKit.Request("r2", ZoneA, Market.OnDemand), LocalCloudKit.Ct);
        Assert.Equal(InstanceState.Pending, onDemand.State);

        _kit.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMinutes(1), cloud.TraceTime);
        Assert.Equal(ZoneTrace.Unlimited, cloud.SpotCapacity(cloud.Zones.Single(z => z.Zone == "us-east-1a")));
        Assert.Equal(0, cloud.SpotCapacity(cloud.Zones.Single(z => z.Zone == "us-east-1b")));
        var spot = await cloud.LaunchAsync(LocalCloudKit.Request("r1", ZoneA), LocalCloudKit.Ct);
        Assert.Equal(ZoneA, spot.Location);
        await Assert.ThrowsAsync<InsufficientCapacityException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r3", ZoneB), LocalCloudKit.Ct));

        // Past the end the trace wraps around.
        _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, cloud.SpotCapacity(cloud.Zones.Single(z => z.Zone == "us-east-1a")));
    }

    [Fact]
    public async Task A_withdrawn_gpu_refuses_launches_in_every_market_and_its_replicas_are_preempted_until_restored()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Sleeper, notice: TimeSpan.FromSeconds(2));
        var zone = LocalCloudKit.Zone();
        var l4 = await cloud.LaunchAsync(LocalCloudKit.Request("r1", zone, gpu: Accelerators.L4), LocalCloudKit.Ct);
        var a10g = await cloud.LaunchAsync(LocalCloudKit.Request("r2", zone, Market.OnDemand), LocalCloudKit.Ct);

        cloud.WithdrawGpu("l4");

        var spot = await Assert.ThrowsAsync<InsufficientCapacityException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r3", zone, gpu: Accelerators.L4), LocalCloudKit.Ct));
        Assert.Equal("LocalGpuUnavailable", spot.CloudCode);
        await Assert.ThrowsAsync<InsufficientCapacityException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r4", zone, Market.OnDemand, gpu: Accelerators.L4), LocalCloudKit.Ct));
        Assert.NotNull((await cloud.GetAsync(l4.InstanceId, LocalCloudKit.Ct))!.InterruptionNoticeAt);
        _kit.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(InstanceState.Preempted, (await cloud.GetAsync(l4.InstanceId, LocalCloudKit.Ct))!.State);
        Assert.NotEqual(InstanceState.Preempted, (await cloud.GetAsync(a10g.InstanceId, LocalCloudKit.Ct))!.State);

        cloud.RestoreGpu(Accelerators.L4);
        var back = await cloud.LaunchAsync(LocalCloudKit.Request("r5", zone, gpu: Accelerators.L4), LocalCloudKit.Ct);
        Assert.Equal(InstanceState.Pending, back.State);
        Assert.Throws<ArgumentException>(() => cloud.WithdrawGpu("B999"));
    }

    [Fact]
    public async Task The_replay_waits_for_the_first_launch_attempt()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Sleeper, _kit.Trace(60, ("us-east-1a", [1, 0])));
        var zone = cloud.Zones.Single(z => z.Zone == "us-east-1a");

        // A slow start (a first-time Azurite install, a loaded machine) skips no trace.
        _kit.Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(TimeSpan.Zero, cloud.TraceTime);
        Assert.Equal(ZoneTrace.Unlimited, cloud.SpotCapacity(zone));

        var spot = await cloud.LaunchAsync(LocalCloudKit.Request("r1", ZoneA), LocalCloudKit.Ct);
        Assert.Equal(ZoneA, spot.Location);
        _kit.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMinutes(1), cloud.TraceTime);
        Assert.Equal(0, cloud.SpotCapacity(zone));
    }

    [Fact]
    public async Task A_count_trace_limits_live_spot_replicas_and_preempts_the_youngest_when_it_drops()
    {
        var cloud = _kit.Cloud(
            LocalCloudKit.Sleeper,
            _kit.Trace(60, "count of spot nodes", ("us-east-1a", [2, 1])),
            notice: TimeSpan.Zero);
        var older = await cloud.LaunchAsync(LocalCloudKit.Request("r1", ZoneA), LocalCloudKit.Ct);
        _kit.Clock.Advance(TimeSpan.FromMilliseconds(250));
        var younger = await cloud.LaunchAsync(LocalCloudKit.Request("r2", ZoneA), LocalCloudKit.Ct);

        var full = await Assert.ThrowsAsync<InsufficientCapacityException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r3", ZoneA), LocalCloudKit.Ct));
        Assert.Equal("LocalZoneFull", full.CloudCode);

        _kit.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(InstanceState.Preempted, (await cloud.GetAsync(younger.InstanceId, LocalCloudKit.Ct))!.State);
        Assert.NotEqual(InstanceState.Preempted, (await cloud.GetAsync(older.InstanceId, LocalCloudKit.Ct))!.State);
        await LocalCloudKit.WaitGoneAsync(cloud.ProcessId(younger.InstanceId)!.Value);
        Assert.False(LocalCloudKit.IsGone(cloud.ProcessId(older.InstanceId)!.Value));
    }

    [Fact]
    public async Task A_process_that_exits_before_listening_ends_terminated_with_its_output_logged()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Shell("echo model failed to load >&2; exit 3"));

        var launched = await cloud.LaunchAsync(LocalCloudKit.Request("r1", LocalCloudKit.Zone(), Market.OnDemand), LocalCloudKit.Ct);

        await LocalCloudKit.WaitForStateAsync(cloud, launched.InstanceId, InstanceState.Terminated);
        Assert.Empty(await cloud.ListAsync("svc", LocalCloudKit.Ct));
        var log = cloud.LogPath("svc", "r1");
        Assert.Equal(Path.Combine(_kit.LogDirectory, "svc", "r1.log"), log);
        await LocalCloudKit.EventuallyAsync(() => Task.FromResult(File.ReadAllText(log).Contains("model failed to load", StringComparison.Ordinal)), "stderr in the log");
    }

    [Fact]
    public async Task A_process_that_never_listens_is_killed_after_the_start_timeout()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Shell("exec sleep 600"), startTimeout: TimeSpan.FromSeconds(1));

        var launched = await cloud.LaunchAsync(LocalCloudKit.Request("r1", LocalCloudKit.Zone(), Market.OnDemand), LocalCloudKit.Ct);

        await LocalCloudKit.WaitForStateAsync(cloud, launched.InstanceId, InstanceState.Terminated);
        await LocalCloudKit.WaitGoneAsync(cloud.ProcessId(launched.InstanceId)!.Value);
    }

    [Fact]
    public async Task A_process_that_ignores_sigterm_is_killed_after_the_grace()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Shell("trap '' TERM; echo listening on http://127.0.0.1:9; while true; do sleep 0.1; done"), graceSeconds: 0);
        var launched = await cloud.LaunchAsync(LocalCloudKit.Request("r1", LocalCloudKit.Zone(), Market.OnDemand), LocalCloudKit.Ct);
        await LocalCloudKit.WaitForStateAsync(cloud, launched.InstanceId, InstanceState.Running);
        var pid = cloud.ProcessId(launched.InstanceId)!.Value;

        await cloud.TerminateAsync(launched.InstanceId, LocalCloudKit.Ct);

        Assert.True(LocalCloudKit.IsGone(pid));
        Assert.Equal(InstanceState.Terminated, (await cloud.GetAsync(launched.InstanceId, LocalCloudKit.Ct))!.State);
    }

    [Fact]
    public async Task A_missing_emulator_fails_the_launch_without_using_up_the_token()
    {
        var cloud = _kit.Cloud(EmulatorCommand.FromPath(Path.Combine(_kit.TempDirectory, "no-such-emulator")));
        var request = LocalCloudKit.Request("r1", LocalCloudKit.Zone(), Market.OnDemand);

        var error = await Assert.ThrowsAsync<InvalidSpecException>(() => cloud.LaunchAsync(request, LocalCloudKit.Ct));

        Assert.Equal("EmulatorNotStarted", error.CloudCode);
        Assert.Empty(await cloud.ListAsync(null, LocalCloudKit.Ct));
        await Assert.ThrowsAsync<InvalidSpecException>(() => cloud.LaunchAsync(request, LocalCloudKit.Ct));
    }

    [Fact]
    public async Task A_launch_outside_the_local_zones_is_an_invalid_request()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Sleeper);

        await Assert.ThrowsAsync<InvalidSpecException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r1", new Location("aws", "us-east-1", "us-east-1a")), LocalCloudKit.Ct));
        await Assert.ThrowsAsync<InvalidSpecException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r1", LocalCloudKit.Zone("local-zone-z")), LocalCloudKit.Ct));
        Assert.Empty(await cloud.ListAsync(null, LocalCloudKit.Ct));
    }
}
