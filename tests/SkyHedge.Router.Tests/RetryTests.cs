using Microsoft.AspNetCore.Http;
using System.Net;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>Preemptions must not reach clients: failed tries go to another replica; client errors do not.</summary>
[Collection(RouterTestGroup.Name)]
public sealed class RetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_backend_killed_mid_test_costs_no_client_visible_error()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string>
        {
            ["SkyHedge:Router:RateLimitPerSecond"] = "100000",
            ["SkyHedge:Router:RateLimitBurst"] = "100000",
        });
        var slowly = async (Microsoft.AspNetCore.Http.HttpContext ctx, string id) =>
        {
            await Task.Delay(150, ctx.RequestAborted); // long enough that some requests are in flight at the kill
            await FakeReplica.OkAsync(ctx, id);
        };
        await using var doomed = await FakeReplica.StartAsync("doomed", (ctx, _) => slowly(ctx, "doomed"));
        await using var survivor = await FakeReplica.StartAsync("survivor", (ctx, _) => slowly(ctx, "survivor"));
        await router.ServeAsync("llm", null, "service:\n  load_balancing_policy: round_robin\n", (doomed, "A10G"), (survivor, "A10G"));

        // 40 concurrent clients, 10 requests each; the doomed replica dies while they run and is never pushed out.
        var clients = Enumerable.Range(0, 40).Select(async _ =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
            {
                using var response = await router.CompleteAsync("llm");
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }).ToList();
        await RoutingTests.WaitUntilAsync(() => doomed.InFlight > 0 && doomed.Count >= 10);
        var inFlightAtKill = doomed.InFlight;
        await doomed.KillAsync();
        var statuses = (await Task.WhenAll(clients)).SelectMany(s => s).ToList();

        Assert.True(inFlightAtKill > 0, "the kill should catch requests in flight");
        Assert.Equal(400, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(survivor.Count > 200, $"the survivor took over ({survivor.Count})");
    }

    [Fact]
    public async Task A_400_from_a_backend_is_returned_as_is_and_not_retried()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        var rejecting = async (Microsoft.AspNetCore.Http.HttpContext ctx, string _) =>
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("{\"error\":{\"message\":\"prompt too long for this model\"}}");
        };
        await using var a = await FakeReplica.StartAsync("a", rejecting);
        await using var b = await FakeReplica.StartAsync("b", rejecting);
        await router.ServeAsync("llm", a, b);

        using var response = await router.CompleteAsync("llm");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"error\":{\"message\":\"prompt too long for this model\"}}", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, a.Count + b.Count);
    }

    [Fact]
    public async Task A_503_from_a_backend_is_retried_on_another_replica()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        await using var overloaded = await FakeReplica.StartAsync("overloaded", async (ctx, _) =>
        {
            ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("busy");
        });
        await using var healthy = await FakeReplica.StartAsync("healthy");
        await router.ServeAsync("llm", null, "service:\n  load_balancing_policy: round_robin\n", (overloaded, "A10G"), (healthy, "A10G"));

        for (var i = 0; i < 6; i++)
        {
            Assert.Contains("\"replica\":\"healthy\"", await router.CompleteAsync("llm").OkAsync(), StringComparison.Ordinal);
        }

        Assert.True(overloaded.Count >= 1, "round robin sends some first tries to the overloaded replica");
        Assert.Equal(6, healthy.Count);
    }

    [Fact]
    public async Task When_every_replica_fails_the_client_gets_one_clean_error_after_three_tries()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        var replicas = new List<FakeReplica>();
        for (var i = 0; i < 4; i++)
        {
            var replica = await FakeReplica.StartAsync($"r{i}");
            replicas.Add(replica);
        }

        await router.AddServiceAsync("llm");
        foreach (var replica in replicas)
        {
            await router.AddReplicaAsync("llm", replica);
            await replica.KillAsync();
        }

        await router.PushAsync("llm").OkAsync();
        using var response = await router.CompleteAsync("llm");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("3 tries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_streamed_request_is_retried_before_its_first_byte()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        await using var dead = await FakeReplica.StartAsync("dead");
        await using var alive = await FakeReplica.StartAsync("alive", async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("data: {\"replica\":\"alive\"}\n\ndata: [DONE]\n\n");
        });
        await router.ServeAsync("llm", null, "service:\n  load_balancing_policy: round_robin\n", (dead, "A10G"), (alive, "A10G"));
        await dead.KillAsync();

        for (var i = 0; i < 4; i++)
        {
            Assert.Contains("[DONE]", await router.CompleteAsync("llm", stream: true).OkAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(4, alive.Count);
    }

    [Fact]
    public async Task A_client_that_hangs_up_cancels_the_upstream_request()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        var upstreamCancelled = new TaskCompletionSource();
        await using var slow = await FakeReplica.StartAsync("slow", async (ctx, _) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                upstreamCancelled.TrySetResult();
                throw;
            }
        });
        await router.ServeAsync("llm", slow);

        using var hangUp = new CancellationTokenSource();
        var request = router.Client.PostAsync("/v1/completions", RoutingTests.Json(new { model = "llm", prompt = "hi" }), hangUp.Token);
        await RoutingTests.WaitUntilAsync(() => slow.InFlight == 1);
        await hangUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, slow.Count);
    }
}
