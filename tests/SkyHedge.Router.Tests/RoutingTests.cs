using System.Net;
using System.Text.Json;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>Which replica a request reaches: by model, by size through the routing table, by load.</summary>
[Collection(RouterTestGroup.Name)]
public sealed class RoutingTests(AzuriteFixture azurite)
{
    // Small prompts and short answers on A10G; everything bigger on H100.
    private const string Table = """[{"input":[0,64],"output":[0,128],"pool":"A10G"},{"input":[0,null],"output":[0,null],"pool":"H100"}]""";

    [Fact]
    public async Task Small_and_large_requests_go_to_the_pools_the_table_assigns_and_fall_back_when_a_pool_is_empty()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        await using var small = await FakeReplica.StartAsync("a10g-1");
        await using var large = await FakeReplica.StartAsync("h100-1");
        await router.ServeAsync("llm", Table, null, (small, "A10G"), (large, "H100"));

        for (var i = 0; i < 5; i++)
        {
            await router.CompleteAsync("llm", "Hi there", maxTokens: 32).OkAsync();
            await router.CompleteAsync("llm", string.Join(' ', Enumerable.Repeat("long prompt words", 100)), maxTokens: 32).OkAsync();
            await router.CompleteAsync("llm", "Hi there", maxTokens: 1000).OkAsync();
        }

        Assert.Equal(5, small.Count);
        Assert.Equal(10, large.Count);

        // The A10G pool empties (preempted): small requests now fall back to the H100 pool instead of failing.
        await router.SetStatusAsync("llm", "a10g-1", Core.Model.ReplicaStatus.Preempted);
        await router.PushAsync("llm", "a10g-1", "Preempted").OkAsync();
        for (var i = 0; i < 3; i++)
        {
            await router.CompleteAsync("llm", "Hi there", maxTokens: 32).OkAsync();
        }

        Assert.Equal(5, small.Count);
        Assert.Equal(13, large.Count);
    }

    /// <summary>The table the mixed-GPU planner produces routes the same way: short chats where A10G is cheapest,
    /// everything an A10G cannot serve within the SLO on H100.</summary>
    [Fact]
    public async Task A_planner_produced_table_sends_each_size_to_its_planned_pool()
    {
        var plan = Planning.MixPlanner.Solve(new Planning.MixProblem(
            [new Planning.PlanGpu("A10G", 1.01m), new Planning.PlanGpu("H100", 7.52m)],
            [
                new Planning.PlanBucket(new Core.Routing.TokenRange(0, 64), new Core.Routing.TokenRange(0, 128), 5),
                new Planning.PlanBucket(new Core.Routing.TokenRange(0, 64), new Core.Routing.TokenRange(128, null), 1),
                new Planning.PlanBucket(new Core.Routing.TokenRange(64, null), new Core.Routing.TokenRange(0, null), 8),
            ],
            [[10, 0, 0], [20, 10, 10]]));
        Assert.Equal(new Dictionary<string, int> { ["A10G"] = 1, ["H100"] = 1 }, plan.Counts);

        await using var router = await RouterHarness.StartAsync(azurite);
        await using var small = await FakeReplica.StartAsync("a10g-1");
        await using var large = await FakeReplica.StartAsync("h100-1");
        await router.ServeAsync("llm", plan.ToRoutingTable().ToJson(), null, (small, "A10G"), (large, "H100"));

        for (var i = 0; i < 5; i++)
        {
            await router.CompleteAsync("llm", "Hi there", maxTokens: 32).OkAsync();
            await router.CompleteAsync("llm", string.Join(' ', Enumerable.Repeat("long prompt words", 100)), maxTokens: 32).OkAsync();
            await router.CompleteAsync("llm", "Hi there", maxTokens: 1000).OkAsync();
        }

        Assert.Equal(5, small.Count);
        Assert.Equal(10, large.Count);
    }

    [Fact]
    public async Task Chat_messages_are_sized_with_their_roles_and_routed_by_the_table()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        await using var small = await FakeReplica.StartAsync("a10g-1");
        await using var large = await FakeReplica.StartAsync("h100-1");
        await router.ServeAsync("chat", Table, null, (small, "A10G"), (large, "H100"));

        var shortChat = new { model = "chat", max_tokens = 20, messages = new[] { new { role = "user", content = "Hi" } } };
        var longChat = new { model = "chat", max_tokens = 20, messages = new[] { new { role = "system", content = string.Join(' ', Enumerable.Repeat("be helpful", 60)) }, new { role = "user", content = "Hi" } } };
        (await router.Client.PostAsync("/v1/chat/completions", Json(shortChat))).EnsureSuccessStatusCode();
        (await router.Client.PostAsync("/v1/chat/completions", Json(longChat))).EnsureSuccessStatusCode();

        Assert.Equal(1, small.Count);
        Assert.Equal(1, large.Count);
    }

    [Fact]
    public async Task With_one_slow_backend_new_requests_go_to_the_idle_one()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        var release = new TaskCompletionSource();
        await using var slow = await FakeReplica.StartAsync("slow", async (ctx, _) =>
        {
            await release.Task.WaitAsync(ctx.RequestAborted);
            await FakeReplica.OkAsync(ctx, "slow");
        });
        await using var idle = await FakeReplica.StartAsync("idle");
        await router.ServeAsync("llm", slow, idle);

        // Send until one request is stuck on the slow replica; everything after that must avoid it.
        var stuck = new List<Task<HttpResponseMessage>>();
        while (slow.Count == 0)
        {
            stuck.Add(router.CompleteAsync("llm"));
            await Task.Delay(20);
        }

        await WaitUntilAsync(() => stuck.Count(t => !t.IsCompleted) == 1 && slow.InFlight == 1);
        var before = idle.Count;
        for (var i = 0; i < 20; i++)
        {
            await router.CompleteAsync("llm").OkAsync();
        }

        Assert.Equal(before + 20, idle.Count);
        Assert.Equal(1, slow.Count);
        release.SetResult();
        foreach (var response in await Task.WhenAll(stuck))
        {
            response.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Instance_aware_least_load_gives_a_bigger_gpu_a_bigger_share_of_concurrent_requests()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        var release = new TaskCompletionSource();
        Func<Microsoft.AspNetCore.Http.HttpContext, string, Task> held(string id) => async (ctx, _) =>
        {
            await release.Task.WaitAsync(ctx.RequestAborted);
            await FakeReplica.OkAsync(ctx, id);
        };
        await using var a10g = await FakeReplica.StartAsync("a10g", held("a10g"));
        await using var h100 = await FakeReplica.StartAsync("h100", held("h100"));
        await router.AddServiceAsync("llm"); // default policy, no routing table: one pool of both
        await router.AddReplicaAsync("llm", a10g, "A10G");
        await router.AddReplicaAsync("llm", h100, "H100");
        await router.PushAsync("llm").OkAsync();

        // One at a time so each choice sees the previous ones in flight: (in-flight + 1) / capacity, H100 = 5.6 × A10G.
        var requests = new List<Task<string>>();
        for (var i = 0; i < 13; i++)
        {
            requests.Add(router.CompleteAsync("llm").OkAsync());
            await WaitUntilAsync(() => a10g.InFlight + h100.InFlight == requests.Count);
        }

        Assert.Equal(2, a10g.InFlight);
        Assert.Equal(11, h100.InFlight);
        release.SetResult();
        await Task.WhenAll(requests);
    }

    [Fact]
    public async Task Model_selects_the_service_unknown_models_get_404_with_the_list_and_v1_models_lists_them()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        await using var a = await FakeReplica.StartAsync("a");
        await using var b = await FakeReplica.StartAsync("b");
        await router.AddServiceAsync("alpha");
        await router.AddServiceAsync("beta");
        await router.AddReplicaAsync("alpha", a);
        await router.AddReplicaAsync("beta", b);
        await router.PushAsync("alpha").OkAsync();
        await router.PushAsync("beta").OkAsync();

        await router.CompleteAsync("alpha").OkAsync();
        await router.CompleteAsync("beta").OkAsync();
        await router.CompleteAsync("beta").OkAsync();
        Assert.Equal(1, a.Count);
        Assert.Equal(2, b.Count);

        var unknown = await router.CompleteAsync("gamma");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains("alpha, beta", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        var models = JsonDocument.Parse(await router.Client.GetStringAsync("/v1/models")).RootElement;
        Assert.Equal(["alpha", "beta"], models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray());
        Assert.All(models.GetProperty("data").EnumerateArray(), m => Assert.Equal(1, m.GetProperty("ready_replicas").GetInt32()));
    }

    [Fact]
    public async Task Replicas_get_their_own_token_and_never_the_clients_key()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.ServeAsync("llm", replica);

        var response = await router.CompleteAsync("llm");

        response.EnsureSuccessStatusCode();
        Assert.Contains("\"replica\":\"r1\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["Bearer " + replica.Token], replica.AuthorizationHeaders.ToArray());
        Assert.DoesNotContain(replica.AuthorizationHeaders, h => h.Contains(router.InferenceKey, StringComparison.Ordinal));
    }

    internal static StringContent Json(object value) => new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    internal static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
