using System.Net;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>A service with no Ready replica holds requests (and asks the autoscaler for one) instead of failing them.</summary>
[Collection(RouterTestGroup.Name)]
public sealed class QueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_request_waits_and_succeeds_when_a_replica_appears_before_the_timeout()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string>
        {
            ["SkyHedge:Router:QueueTimeout"] = "00:00:20",
            ["SkyHedge:Router:CountFlushInterval"] = "01:00:00",
        });
        await router.AddServiceAsync("llm");
        await router.PushAsync("llm").OkAsync();

        var waiting = router.CompleteAsync("llm").OkAsync();

        // The held request is counted for the autoscaler at once, not at the next (hourly, here) flush.
        await RoutingTests.WaitUntilAsync(() =>
            router.Store.GetRequestCountsAsync("llm", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)).GetAwaiter().GetResult().Sum(c => c.Count) == 1);
        Assert.False(waiting.IsCompleted);

        await using var replica = await FakeReplica.StartAsync("r1");
        await router.AddReplicaAsync("llm", replica);
        await router.PushAsync("llm", "r1", "Ready").OkAsync();

        Assert.Contains("\"replica\":\"r1\"", await waiting.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_gets_503_with_retry_after_when_no_replica_appears_in_time()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string> { ["SkyHedge:Router:QueueTimeout"] = "00:00:00.500" });
        await router.AddServiceAsync("llm");
        await router.PushAsync("llm").OkAsync();

        var started = Environment.TickCount64;
        using var response = await router.CompleteAsync("llm");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(Environment.TickCount64 - started >= 450, "the request waited for the queue timeout");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Contains("no ready replica", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_is_bounded()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string>
        {
            ["SkyHedge:Router:QueueTimeout"] = "00:00:05",
            ["SkyHedge:Router:QueueLimit"] = "2",
        });
        await router.AddServiceAsync("llm");
        await router.PushAsync("llm").OkAsync();

        var held = new[] { router.CompleteAsync("llm"), router.CompleteAsync("llm") };

        // Each held request flushes its count at once: two counted means both are in the queue.
        await RoutingTests.WaitUntilAsync(() =>
            router.Store.GetRequestCountsAsync("llm", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)).GetAwaiter().GetResult().Sum(c => c.Count) == 2);
        using var third = await router.CompleteAsync("llm");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Contains("queue_full", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(await Task.WhenAll(held), r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
    }
}
