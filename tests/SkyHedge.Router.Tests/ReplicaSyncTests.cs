using System.Net;
using Microsoft.AspNetCore.Http;
using SkyHedge.Core.Model;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>The replica set follows the control plane: pushes apply before they answer, the poll catches what a
/// push missed, draining replicas finish what they have and get nothing new.</summary>
[Collection(RouterTestGroup.Name)]
public sealed class ReplicaSyncTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_draining_replica_gets_no_new_requests_but_finishes_its_in_flight_one()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        var release = new TaskCompletionSource();
        var firstArrived = new TaskCompletionSource();
        await using var doomed = await FakeReplica.StartAsync("doomed", async (ctx, _) =>
        {
            firstArrived.TrySetResult();
            await release.Task.WaitAsync(ctx.RequestAborted);
            await FakeReplica.OkAsync(ctx, "doomed");
        });
        await router.ServeAsync("llm", doomed);
        var inFlight = router.CompleteAsync("llm").OkAsync();
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // A notice arrives: the control plane marks it Draining, starts a replacement and pushes both changes.
        await using var replacement = await FakeReplica.StartAsync("replacement");
        await router.SetStatusAsync("llm", "doomed", ReplicaStatus.Draining);
        await router.PushAsync("llm", "doomed", "Draining").OkAsync();
        await router.AddReplicaAsync("llm", replacement);
        await router.PushAsync("llm", "replacement", "Ready").OkAsync();

        // The very next requests go to the replacement: no polling delay (the poll runs hourly here).
        for (var i = 0; i < 10; i++)
        {
            Assert.Contains("\"replica\":\"replacement\"", await router.CompleteAsync("llm").OkAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, doomed.Count);
        release.SetResult();
        Assert.Contains("\"replica\":\"doomed\"", await inFlight, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_created_after_the_last_poll_is_found_on_its_first_request()
    {
        await using var router = await RouterHarness.StartAsync(azurite); // polls hourly: only discovery can find it
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.AddServiceAsync("fresh");
        await router.AddReplicaAsync("fresh", replica);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => router.CompleteAsync("fresh").OkAsync()));

        Assert.All(answers, a => Assert.Contains("\"replica\":\"r1\"", a, StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await router.CompleteAsync("never-created")).StatusCode);
    }

    [Fact]
    public async Task The_push_needs_an_admin_key_and_a_service_name()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        using var inference = router.NewClient(router.InferenceKey);
        using var anonymous = router.NewClient(null);
        using var admin = router.NewClient(RouterHarness.AdminKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await inference.PostAsync("/internal/replicas/changed", RoutingTests.Json(new { service = "llm" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/internal/replicas/changed", RoutingTests.Json(new { service = "llm" }))).StatusCode);
        var bad = await admin.PostAsync("/internal/replicas/changed", RoutingTests.Json(new { replica = "r1" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("service", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_push_the_poll_picks_up_a_new_replica_within_its_interval()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string> { ["SkyHedge:Router:PollInterval"] = "00:00:00.200" });
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.AddServiceAsync("llm");
        await router.AddReplicaAsync("llm", replica);

        var models = "";
        await RoutingTests.WaitUntilAsync(() =>
        {
            models = router.Client.GetStringAsync("/v1/models").GetAwaiter().GetResult();
            return models.Contains("\"ready_replicas\":1", StringComparison.Ordinal);
        }, 5_000);
        Assert.Contains("\"replica\":\"r1\"", await router.CompleteAsync("llm").OkAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replicas_file_routes_without_storage()
    {
        await using var replica = await FakeReplica.StartAsync("file-1");
        var path = Path.Combine(Path.GetTempPath(), $"replicas-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $$"""
            {"services": [{"name": "llm", "load_balancing_policy": "least_load",
              "replicas": [{"id": "file-1", "address": "{{replica.Address}}", "accelerator": "L4", "token": "{{replica.Token}}"}]}]}
            """);
        try
        {
            var app = RouterApp.Build(["--urls", "http://127.0.0.1:0", "--replicas", path, "--SKYHEDGE_ADMIN_KEY", RouterHarness.AdminKey]);
            await app.StartAsync();
            try
            {
                var url = app.Urls.First();
                using var client = new HttpClient { BaseAddress = new Uri(url) };
                client.DefaultRequestHeaders.Authorization = new("Bearer", RouterHarness.AdminKey);
                await RoutingTests.WaitUntilAsync(() => client.GetStringAsync("/v1/models").GetAwaiter().GetResult().Contains("\"L4\"", StringComparison.Ordinal));
                var response = await client.PostAsync("/v1/completions", RoutingTests.Json(new { model = "llm", prompt = "hi" }));
                Assert.Contains("\"replica\":\"file-1\"", await Task.FromResult(response).OkAsync(), StringComparison.Ordinal);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
