using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using SkyHedge.Router.Tests.Harness;
using Xunit.Abstractions;

namespace SkyHedge.Router.Tests.Reliability;

/// <summary>
/// A replica that hangs or answers garbage must cost clients latency, never an error: the try fails (per-try
/// <c>UpstreamTimeout</c> for silence, a protocol error for garbage) and goes to a healthy replica alongside.
/// The router is set up for the worst case: round robin sends a third of the first tries to the bad replica, and
/// <c>SuspectFor</c> is 0, so it is never sidelined (as before the control plane's probes take it out). Two healthy
/// replicas, so a healthy try slowed past the short timeout by a busy runner still has a third try to go to.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityGroup.Name)]
public sealed class BadReplicaTests(ITestOutputHelper output)
{
    private const int Requests = 120;
    private const int Concurrency = 12;
    private static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(1);

    // A request tries the bad replica at most once (retries go elsewhere): one per-try timeout plus a healthy
    // answer, with room for a busy two-core runner. Without a per-try timeout a hung replica would hold a request
    // for the client's whole 15 s.
    private static readonly TimeSpan LatencyBound = UpstreamTimeout + TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(BadReplicaMode.Hang)]
    [InlineData(BadReplicaMode.StallMidBody)]
    [InlineData(BadReplicaMode.NotHttp)]
    [InlineData(BadReplicaMode.TruncatedBody)]
    [InlineData(BadReplicaMode.Reset)]
    public async Task Requests_succeed_on_a_healthy_replica_within_one_per_try_timeout(BadReplicaMode mode)
    {
        await using var bad = RawTcpReplica.Start("bad", mode);
        await using var healthy1 = await FakeReplica.StartAsync("healthy-1");
        await using var healthy2 = await FakeReplica.StartAsync("healthy-2");
        using var replicas = ReplicasFile.Write(
            "llm", "round_robin", (bad.Id, bad.Address, bad.Token), (healthy1.Id, healthy1.Address, healthy1.Token), (healthy2.Id, healthy2.Address, healthy2.Token));
        await using var router = await FileRouter.StartAsync(replicas, new Dictionary<string, string>
        {
            ["SkyHedge:Router:UpstreamTimeout"] = UpstreamTimeout.ToString(),
            ["SkyHedge:Router:ConnectTimeout"] = "00:00:01",
            ["SkyHedge:Router:SuspectFor"] = "00:00:00",
            ["SkyHedge:Router:RetryBackoff"] = "00:00:00.010",
        });
        using var client = router.NewClient();

        var total = Stopwatch.StartNew();
        var results = await SendAsync(client);
        total.Stop();

        var ok = results.Count(r => r.Status == HttpStatusCode.OK && r.Body.Contains("\"replica\":\"healthy-", StringComparison.Ordinal));
        var latencies = results.Select(r => r.Latency).Order().ToList();
        output.WriteLine(
            $"{mode}: sent {results.Count}, ok {ok} ({100.0 * ok / results.Count:0.#} %), failed {results.Count - ok}; "
            + $"bad replica took {bad.Requests} tries, healthy {healthy1.Count + healthy2.Count}; latency p50 {Ms(Percentile(latencies, 0.50))}, "
            + $"p99 {Ms(Percentile(latencies, 0.99))}, max {Ms(latencies[^1])} (bound {Ms(LatencyBound)}); total {Ms(total.Elapsed)}");
        foreach (var failure in results.Where(r => r.Status != HttpStatusCode.OK).Take(5))
        {
            output.WriteLine($"  failure: {(int)failure.Status} {failure.Body}");
        }

        Assert.Equal(Requests, results.Count);
        Assert.True(ok * 100 >= Requests * 99, $"{ok} of {Requests} requests succeeded; at least 99 % must");
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Contains("\"error\"", r.Body, StringComparison.Ordinal));
        Assert.True(bad.Requests >= Requests / 6, $"round robin should have sent ~{Requests / 3} first tries to the bad replica, it got {bad.Requests}");
        Assert.True(latencies[^1] <= LatencyBound, $"slowest request took {Ms(latencies[^1])}, bound {Ms(LatencyBound)}");
    }

    private static async Task<List<Outcome>> SendAsync(HttpClient client)
    {
        var results = new ConcurrentBag<Outcome>();
        var next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < Requests)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    using var body = new StringContent("{\"model\":\"llm\",\"prompt\":\"Hello\",\"max_tokens\":16}", Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync("/v1/completions", body);
                    results.Add(new Outcome(response.StatusCode, await response.Content.ReadAsStringAsync(), clock.Elapsed));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    results.Add(new Outcome(0, $"{e.GetType().Name}: {e.Message}", clock.Elapsed));
                }
            }
        });
        await Task.WhenAll(workers);
        return [.. results];
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";

    private sealed record Outcome(HttpStatusCode Status, string Body, TimeSpan Latency);
}
