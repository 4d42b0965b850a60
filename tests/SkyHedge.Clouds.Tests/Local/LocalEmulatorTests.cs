using System.Net;
using System.Net.Http.Headers;
using SkyHedge.Clouds.Local;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Tests.Local;

/// <summary>The local cloud with the real <c>skyhedge-emulator</c> processes.</summary>
public sealed class LocalEmulatorTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly LocalCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task A_launch_runs_an_emulator_that_answers_health_with_the_replica_token()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Emulator);
        var request = LocalCloudKit.Request("r1", LocalCloudKit.Zone("local-zone-b"), Market.OnDemand, service: "llama", gpu: "L4");

        var launched = await cloud.LaunchAsync(request, LocalCloudKit.Ct);

        Assert.Equal(InstanceState.Pending, launched.State);
        Assert.Null(launched.Address);
        Assert.Equal(("llama", "r1", LocalCloudProvider.InstanceType), (launched.Service, launched.ReplicaId, launched.InstanceType));
        Assert.Equal(LocalCloudKit.Start, launched.LaunchedAt);
        var running = await LocalCloudKit.WaitForStateAsync(cloud, launched.InstanceId, InstanceState.Running);
        Assert.StartsWith("http://127.0.0.1:", running.Address, StringComparison.Ordinal);
        await LocalCloudKit.EventuallyAsync(async () => await HealthAsync(running.Address!, request.ReplicaToken) == HttpStatusCode.OK, "/health 200");

        // The token travels in the environment, never on the command line.
        var pid = cloud.ProcessId(launched.InstanceId)!.Value;
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        Assert.DoesNotContain(commandLine, a => a.Contains(request.ReplicaToken, StringComparison.Ordinal));
        Assert.Contains("L4", commandLine);
        Assert.Contains("llama", commandLine);
        var log = await File.ReadAllTextAsync(cloud.LogPath("llama", "r1"));
        Assert.Contains("listening on " + running.Address, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_is_idempotent_on_the_token_even_while_starting()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Emulator);
        var request = LocalCloudKit.Request("r1", LocalCloudKit.Zone());

        var launches = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => cloud.LaunchAsync(request, LocalCloudKit.Ct))));

        var id = Assert.Single(launches.Select(i => i.InstanceId).Distinct());
        Assert.Single(await cloud.ListAsync("svc", LocalCloudKit.Ct));
        await LocalCloudKit.WaitForStateAsync(cloud, id, InstanceState.Running);
        Assert.Equal(id, (await cloud.LaunchAsync(request, LocalCloudKit.Ct)).InstanceId);
        var mismatch = await Assert.ThrowsAsync<InvalidSpecException>(
            () => cloud.LaunchAsync(request with { ReplicaId = "r2" }, LocalCloudKit.Ct));
        Assert.Equal("IdempotentParameterMismatch", mismatch.CloudCode);
        Assert.Single(await cloud.ListAsync(null, LocalCloudKit.Ct));
    }

    [Fact]
    public async Task Terminate_stops_the_process_and_is_idempotent()
    {
        var cloud = _kit.Cloud(LocalCloudKit.Emulator);
        var launched = await cloud.LaunchAsync(LocalCloudKit.Request("r1", LocalCloudKit.Zone()), LocalCloudKit.Ct);
        var running = await LocalCloudKit.WaitForStateAsync(cloud, launched.InstanceId, InstanceState.Running);
        var pid = cloud.ProcessId(launched.InstanceId)!.Value;

        await Task.WhenAll(cloud.TerminateAsync(launched.InstanceId, LocalCloudKit.Ct), cloud.TerminateAsync(launched.InstanceId, LocalCloudKit.Ct));
        await cloud.TerminateAsync(launched.InstanceId, LocalCloudKit.Ct);
        await cloud.TerminateAsync("local-unknown", LocalCloudKit.Ct);

        Assert.True(LocalCloudKit.IsGone(pid));
        Assert.Equal(InstanceState.Terminated, (await cloud.GetAsync(launched.InstanceId, LocalCloudKit.Ct))!.State);
        Assert.Null(await cloud.GetAsync("local-unknown", LocalCloudKit.Ct));
        Assert.Empty(await cloud.ListAsync(null, LocalCloudKit.Ct));
        Assert.Null(await HealthAsync(running.Address!, "replica-secret-r1"));
    }

    [Fact]
    public async Task A_zone_turning_unavailable_gives_its_spot_replicas_a_notice_then_kills_them()
    {
        // 1-minute ticks at 60x: us-east-1a is available for the first wall second only.
        var cloud = _kit.Cloud(LocalCloudKit.Emulator, _kit.Trace(60, ("us-east-1a", [1, 0, 0, 0])), notice: TimeSpan.FromSeconds(2));
        var zone = LocalCloudKit.Zone("us-east-1a", "us-east-1");
        var spot = await cloud.LaunchAsync(LocalCloudKit.Request("r1", zone), LocalCloudKit.Ct);
        var onDemand = await cloud.LaunchAsync(LocalCloudKit.Request("r2", zone, Market.OnDemand), LocalCloudKit.Ct);
        await LocalCloudKit.WaitForStateAsync(cloud, spot.InstanceId, InstanceState.Running);
        await LocalCloudKit.WaitForStateAsync(cloud, onDemand.InstanceId, InstanceState.Running);
        var pid = cloud.ProcessId(spot.InstanceId)!.Value;

        _kit.Clock.Advance(TimeSpan.FromSeconds(1));

        var noticed = (await cloud.GetAsync(spot.InstanceId, LocalCloudKit.Ct))!;
        Assert.Equal(InstanceState.Running, noticed.State);
        Assert.Equal(LocalCloudKit.Start.AddSeconds(1), noticed.InterruptionNoticeAt);
        Assert.Contains(await cloud.ListAsync("svc", LocalCloudKit.Ct), i => i.InstanceId == spot.InstanceId && i.InterruptionNoticeAt is not null);
        Assert.False(LocalCloudKit.IsGone(pid));

        _kit.Clock.Advance(TimeSpan.FromSeconds(2));

        var preempted = (await cloud.GetAsync(spot.InstanceId, LocalCloudKit.Ct))!;
        Assert.Equal(InstanceState.Preempted, preempted.State);
        Assert.Null(preempted.Address);
        await LocalCloudKit.WaitGoneAsync(pid);
        Assert.Equal(InstanceState.Preempted, (await cloud.ListAsync("svc", LocalCloudKit.Ct)).Single(i => i.InstanceId == spot.InstanceId).State);
        Assert.Equal(InstanceState.Running, (await cloud.GetAsync(onDemand.InstanceId, LocalCloudKit.Ct))!.State);
        Assert.Null((await cloud.GetAsync(onDemand.InstanceId, LocalCloudKit.Ct))!.InterruptionNoticeAt);
        await Assert.ThrowsAsync<InsufficientCapacityException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r3", zone), LocalCloudKit.Ct));
        var log = await File.ReadAllTextAsync(cloud.LogPath("svc", "r1"));
        Assert.Contains("interruption notice", log, StringComparison.Ordinal);

        await cloud.TerminateAsync(spot.InstanceId, LocalCloudKit.Ct);
        Assert.Equal(InstanceState.Terminated, (await cloud.GetAsync(spot.InstanceId, LocalCloudKit.Ct))!.State);
        Assert.DoesNotContain(await cloud.ListAsync("svc", LocalCloudKit.Ct), i => i.InstanceId == spot.InstanceId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Disposing_the_cloud_leaves_no_process_behind(bool graceful)
    {
        var cloud = _kit.Cloud(LocalCloudKit.Emulator);
        var a = await cloud.LaunchAsync(LocalCloudKit.Request("r1", LocalCloudKit.Zone()), LocalCloudKit.Ct);
        var b = await cloud.LaunchAsync(LocalCloudKit.Request("r2", LocalCloudKit.Zone("local-zone-c"), Market.OnDemand), LocalCloudKit.Ct);
        await LocalCloudKit.WaitForStateAsync(cloud, a.InstanceId, InstanceState.Running);
        var starting = await cloud.LaunchAsync(LocalCloudKit.Request("r3", LocalCloudKit.Zone()), LocalCloudKit.Ct);
        int[] pids = [.. new[] { a, b, starting }.Select(i => cloud.ProcessId(i.InstanceId)!.Value)];

        if (graceful)
        {
            await cloud.DisposeAsync();
        }
        else
        {
            cloud.Dispose();
        }

        Assert.All(pids, pid => Assert.True(LocalCloudKit.IsGone(pid), $"process {pid} still there"));
        Assert.Equal(InstanceState.Terminated, (await cloud.GetAsync(a.InstanceId, LocalCloudKit.Ct))!.State);
        Assert.Empty(await cloud.ListAsync(null, LocalCloudKit.Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cloud.LaunchAsync(LocalCloudKit.Request("r4", LocalCloudKit.Zone()), LocalCloudKit.Ct));
    }

    /// <summary>The status of GET /health with the token, or null when nothing answers.</summary>
    private static async Task<HttpStatusCode?> HealthAsync(string address, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(address), "/health"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await Http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
