using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SkyHedge.Control.Activities;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Router;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Router;

/// <summary><see cref="TransitionReplicaActivity"/> pushes each transition it writes to the router, and a router
/// that is down, failing or slow never fails the transition.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RouterPushTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = "bootstrap-admin-key-for-tests-0123456789";

    private readonly TestStores _stores = new(azurite);
    private readonly RecordingLogger<HttpRouterNotifier> _log = new();
    private RecordingRouter _router = null!;

    public async Task InitializeAsync()
    {
        _router = await RecordingRouter.StartAsync();
        await _stores.Store.AddReplicaAsync(TestStores.Record("r-1"), "test");
    }

    public async Task DisposeAsync() => await _router.DisposeAsync();

    [Fact]
    public async Task A_written_transition_is_posted_with_the_bearer_key_and_a_skipped_one_is_not()
    {
        var progress = await TransitionAsync(Notifier(_router.Url), ReplicaStatus.Provisioning);

        Assert.Equal(ReplicaStatus.Provisioning, progress.Status);
        var request = Assert.Single(_router.Requests);
        Assert.Equal(("POST", "/internal/replicas/changed", $"Bearer {Key}"), (request.Method, request.Path, request.Authorization));
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(
            [("service", "llama"), ("replica", "r-1"), ("status", "Provisioning")],
            body.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString())));

        // Replayed (the row is already there) and refused (not an edge of the state machine): nothing written, no push.
        await TransitionAsync(Notifier(_router.Url), ReplicaStatus.Provisioning);
        await TransitionAsync(Notifier(_router.Url), ReplicaStatus.Pending);
        Assert.Single(_router.Requests);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task A_router_under_a_path_prefix_is_posted_under_it()
    {
        await TransitionAsync(Notifier(new Uri(_router.Url, "/skyhedge-router/")), ReplicaStatus.Provisioning);

        Assert.Equal("/skyhedge-router/internal/replicas/changed", Assert.Single(_router.Requests).Path);
    }

    [Fact]
    public async Task A_router_answering_500_is_logged_without_the_key_and_the_transition_stands()
    {
        _router.Status = 500;

        var progress = await TransitionAsync(Notifier(_router.Url), ReplicaStatus.Provisioning);

        Assert.Equal(ReplicaStatus.Provisioning, progress.Status);
        Assert.Equal(ReplicaStatus.Provisioning, (await _stores.Store.GetReplicaAsync("llama", "r-1"))!.Replica.Status);
        Assert.Single(_router.Requests);
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("llama/r-1 Provisioning", message, StringComparison.Ordinal);
        Assert.Contains("500", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_router_that_is_down_does_not_fail_the_transition()
    {
        var progress = await TransitionAsync(Notifier(new Uri($"http://127.0.0.1:{ClosedPort()}")), ReplicaStatus.Provisioning);

        Assert.Equal(ReplicaStatus.Provisioning, progress.Status);
        Assert.Equal(ReplicaStatus.Provisioning, (await _stores.Store.GetReplicaAsync("llama", "r-1"))!.Replica.Status);
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.DoesNotContain(Key, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_router_slower_than_the_timeout_is_abandoned_after_it()
    {
        _router.Delay = TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();

        var progress = await TransitionAsync(Notifier(_router.Url, TimeSpan.FromMilliseconds(300)), ReplicaStatus.Provisioning);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(ReplicaStatus.Provisioning, progress.Status);
        Assert.Contains("timed out", Assert.Single(_log.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_swallowed()
    {
        _router.Delay = TimeSpan.FromSeconds(30);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Notifier(_router.Url, TimeSpan.FromSeconds(20)).ReplicaChangedAsync("llama", "r-1", ReplicaStatus.Ready, cancel.Token));
    }

    private HttpRouterNotifier Notifier(Uri url, TimeSpan? timeout = null) =>
        new(new HttpClient(), new RouterNotifierOptions { RouterUrl = url, Key = Key, Timeout = timeout ?? TimeSpan.FromSeconds(2) }, _log);

    private Task<ReplicaProgress> TransitionAsync(IRouterNotifier notifier, ReplicaStatus to) =>
        new TransitionReplicaActivity(_stores.Store, new SpecCache(_stores.Store), _stores.Clock, notifier)
            .RunAsync(new TestActivityContext(ActivityNames.TransitionReplica), new TransitionRequest(new ReplicaKey("llama", "r-1"), to, "test"));

    /// <summary>A port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
