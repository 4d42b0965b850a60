using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SkyHedge.Router.Tests.Harness;
using Xunit.Abstractions;

namespace SkyHedge.Router.Tests.Reliability;

/// <summary>
/// A router restarted under load (a rolling update, a container moved): stopped gracefully, as on SIGTERM, while
/// clients keep sending at a fixed rate, then a new router on the same port. Nothing the old router took on is lost:
/// every request it forwarded is answered in full (in-flight ones are drained), none is torn (cut after its answer
/// began); requests in the gap are refused at once; the new router serves within a bound.
/// </summary>
/// <remarks>One more outcome is possible and counted apart: a connection the old router closes while stopping, just
/// as the client sends a request on it (HTTP/1.1's keep-alive race, RFC 9112 §9.3.1). No answer byte was sent and
/// the request was never forwarded — the replicas' counts prove it — so a client may resend it like a refusal.
/// It may only happen while the old router stops.</remarks>
[Trait("Category", "Reliability")]
[Collection(ReliabilityGroup.Name)]
public sealed class RouterRestartTests(ITestOutputHelper output)
{
    private const int RatePerSecond = 100;
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(200); // keeps ~10-20 requests in flight
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(2); // the client waits up to 5 s to connect
    private static readonly TimeSpan FirstSuccessBound = TimeSpan.FromSeconds(2); // from the new router listening
    private static readonly TimeSpan OutageBound = TimeSpan.FromSeconds(10); // from the stop: drain, build, start, serve

    private enum Outcome
    {
        Ok,
        CleanError,
        Refused,
        ClosedUnanswered,
        Torn,
    }

    [Fact]
    public async Task A_graceful_restart_drains_what_the_old_router_took_on_and_refuses_cleanly_while_down()
    {
        await using var fast = await FakeReplica.StartAsync("fast");
        await using var slow1 = await FakeReplica.StartAsync("slow-1", (ctx, _) => SlowlyAsync(ctx, "slow-1"));
        await using var slow2 = await FakeReplica.StartAsync("slow-2", (ctx, _) => SlowlyAsync(ctx, "slow-2"));
        using var replicas = ReplicasFile.Write(
            "llm", "round_robin", (fast.Id, fast.Address, fast.Token), (slow1.Id, slow1.Address, slow1.Token), (slow2.Id, slow2.Address, slow2.Token));
        var url = $"http://127.0.0.1:{FreePort()}"; // chosen once; both routers listen here
        var old = await FileRouter.StartAsync(replicas, url: url);
        FileRouter? next = null;
        using var client = old.NewClient(TimeSpan.FromSeconds(10)); // the same address reaches the new router
        var clock = Stopwatch.StartNew();
        var shots = new ConcurrentQueue<Shot>();
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromSeconds(25)); // the load never outlives the test
        var load = SendAtFixedRateAsync(client, clock, shots, stopLoad.Token);
        try
        {
            await RoutingTests.WaitUntilAsync(() => shots.Count(s => s.Outcome == Outcome.Ok) >= 50 && slow1.InFlight + slow2.InFlight >= 3);
            var stopAt = clock.Elapsed;
            var inFlightAtReplicas = slow1.InFlight + slow2.InFlight;
            using (var shutdownBound = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                await old.StopAsync(shutdownBound.Token);
            }

            var stoppedAt = clock.Elapsed;
            next = await FileRouter.StartAsync(replicas, url: url, bindFor: TimeSpan.FromSeconds(5));
            var restartedAt = clock.Elapsed;
            await RoutingTests.WaitUntilAsync(() => shots.Count(s => s.Sent >= restartedAt && s.Outcome == Outcome.Ok) >= 50);
            await stopLoad.CancelAsync();
            await load;

            var all = shots.OrderBy(s => s.Sent).ToList();
            var inFlightAtStop = all.Where(s => s.Sent < stopAt && s.Ended > stopAt).ToList();
            var refused = all.Where(s => s.Outcome == Outcome.Refused).ToList();
            var refusedWhileDown = refused.Where(s => s.Sent <= restartedAt && s.Ended >= stopAt).ToList();
            var unanswered = all.Where(s => s.Outcome == Outcome.ClosedUnanswered).ToList();
            var afterRestart = all.Where(s => s.Sent >= restartedAt).ToList();
            var firstSuccess = all.Where(s => s.Outcome == Outcome.Ok && s.Sent >= stoppedAt).Min(s => s.Ended) - restartedAt;
            var torn = all.Where(s => s.Outcome == Outcome.Torn).ToList();
            var forwarded = fast.Count + slow1.Count + slow2.Count;
            output.WriteLine(
                $"sent {all.Count} in {Ms(all[^1].Sent)} ({all.Count / all[^1].Sent.TotalSeconds:0}/s), ok {Count(all, Outcome.Ok)}, clean errors {Count(all, Outcome.CleanError)}, "
                + $"refused while down {refusedWhileDown.Count} (of {refused.Count} refused; slowest refusal {Ms(refused.Select(s => s.Latency).DefaultIfEmpty().Max())}), "
                + $"closed unanswered while stopping {unanswered.Count}, torn {torn.Count}; replicas served {forwarded}");
            output.WriteLine(
                $"stop at {Ms(stopAt)}: {inFlightAtStop.Count} requests in flight ({inFlightAtReplicas} at the slow replicas), {Count(inFlightAtStop, Outcome.Ok)} of them ok; "
                + $"graceful stop took {Ms(stoppedAt - stopAt)}, new router listening {Ms(restartedAt - stoppedAt)} later (down {Ms(restartedAt - stopAt)}); "
                + $"first success {Ms(firstSuccess)} after the restart ({Ms(firstSuccess + restartedAt - stopAt)} after the stop began); after it {Count(afterRestart, Outcome.Ok)}/{afterRestart.Count} ok");
            foreach (var odd in all.Where(s => s.Outcome is not (Outcome.Ok or Outcome.Refused)).Take(8))
            {
                output.WriteLine($"  {odd.Outcome}, sent at {Ms(odd.Sent)}, ended after {Ms(odd.Latency)}: {odd.Detail}");
            }

            Assert.Empty(torn);
            Assert.Equal(Count(all, Outcome.Ok), forwarded); // every request a replica served reached its client whole
            Assert.True(inFlightAtReplicas > 0, "the stop should catch requests in flight");
            Assert.True(Count(inFlightAtStop, Outcome.Ok) >= inFlightAtReplicas, "the requests in flight at the stop were drained");
            Assert.Equal(refused.Count, refusedWhileDown.Count);
            Assert.All(refused, s => Assert.True(s.Latency <= RefusalBound, $"a refusal took {Ms(s.Latency)}"));
            Assert.All(unanswered, s => Assert.True(s.Ended >= stopAt && s.Sent <= stoppedAt, $"closed unanswered outside the stop: sent at {Ms(s.Sent)}"));
            Assert.True(firstSuccess <= FirstSuccessBound, $"first success {Ms(firstSuccess)} after the restart");
            Assert.True(firstSuccess + restartedAt - stopAt <= OutageBound, $"first success {Ms(firstSuccess + restartedAt - stopAt)} after the stop began");
            Assert.All(afterRestart, s => Assert.Equal(Outcome.Ok, s.Outcome));
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
            await old.DisposeAsync();
            if (next is not null)
            {
                await next.DisposeAsync();
            }
        }
    }

    private static async Task SlowlyAsync(HttpContext context, string id)
    {
        await Task.Delay(SlowAnswer, context.RequestAborted);
        await FakeReplica.OkAsync(context, id);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Sends on schedule (request n at n / rate), each on its own task so a slow answer never delays the next; a
    // late tick catches up, so the rate holds on a busy runner. Returns once every request has ended.
    private static async Task SendAtFixedRateAsync(HttpClient client, Stopwatch clock, ConcurrentQueue<Shot> shots, CancellationToken stop)
    {
        var inFlight = new List<Task>();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                while (inFlight.Count < clock.Elapsed.TotalSeconds * RatePerSecond)
                {
                    inFlight.Add(ShootAsync(client, clock, shots));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task ShootAsync(HttpClient client, Stopwatch clock, ConcurrentQueue<Shot> shots)
    {
        var sent = clock.Elapsed;
        Outcome outcome;
        string detail;
        HttpResponseMessage? response = null;
        try
        {
            using var content = new StringContent("{\"model\":\"llm\",\"prompt\":\"Hello\",\"max_tokens\":16}", Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = content };
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var body = await response.Content.ReadAsStringAsync(); // a body cut short throws here: torn
            outcome = !response.IsSuccessStatusCode ? Outcome.CleanError : IsWholeAnswer(body) ? Outcome.Ok : Outcome.Torn;
            detail = $"{(int)response.StatusCode} {body}";
        }
        catch (HttpRequestException e) when (response is null && e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            (outcome, detail) = (Outcome.Refused, e.Message);
        }
        catch (HttpRequestException e) when (response is null && e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError)
        {
            (outcome, detail) = (Outcome.ClosedUnanswered, $"{e.HttpRequestError}: {e.Message} {e.InnerException?.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            (outcome, detail) = (Outcome.Torn, $"{(response is null ? "before" : "after")} the answer began: {e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
        }
        finally
        {
            response?.Dispose();
        }

        shots.Enqueue(new Shot(sent, clock.Elapsed - sent, outcome, detail));
    }

    private static bool IsWholeAnswer(string body)
    {
        try
        {
            using var answer = JsonDocument.Parse(body);
            return answer.RootElement.TryGetProperty("replica", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int Count(IEnumerable<Shot> shots, Outcome outcome) => shots.Count(s => s.Outcome == outcome);

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";

    private sealed record Shot(TimeSpan Sent, TimeSpan Latency, Outcome Outcome, string Detail)
    {
        public TimeSpan Ended => Sent + Latency;
    }
}
