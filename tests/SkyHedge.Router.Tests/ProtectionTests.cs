using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json;
using SkyHedge.Control.Keys;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>Nobody reaches a model without a key; oversized, too frequent or malformed requests are refused with a
/// specific answer before any replica sees them.</summary>
[Collection(RouterTestGroup.Name)]
public sealed class ProtectionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Requests_without_a_key_or_with_a_wrong_or_revoked_one_get_401()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string> { ["SkyHedge:Router:KeyCacheTtl"] = "00:00:00.300" });
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.ServeAsync("llm", replica);
        var created = await router.Keys.CreateAsync(ApiKeyScope.Inference, "to be revoked");
        using var anonymous = router.NewClient(null);
        using var wrong = router.NewClient("sk-" + new string('x', 43));
        using var revoked = router.NewClient(created.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await router.CompleteAsync("llm", client: anonymous)).StatusCode);
        var wrongResponse = await router.CompleteAsync("llm", client: wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal("invalid_api_key", Error(await wrongResponse.Content.ReadAsStringAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/models")).StatusCode);
        await router.CompleteAsync("llm", client: revoked).OkAsync();

        await router.Keys.RevokeAsync(created.Id);
        // Honoured within the cache lifetime (300 ms here): wait for the 401 rather than for a fixed time.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await router.CompleteAsync("llm", client: revoked)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(clock.ElapsedMilliseconds < 5_000, "the revoked key still works after 5 s");
        }
        var served = replica.Count;
        Assert.Equal(HttpStatusCode.Unauthorized, (await router.CompleteAsync("llm", client: revoked)).StatusCode);
        Assert.Equal(served, replica.Count); // refused requests never reach a replica
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_malformed_ones_400_with_a_specific_message()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string> { ["SkyHedge:Router:MaxBodyBytes"] = "2048" });
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.ServeAsync("llm", replica);

        var big = await router.CompleteAsync("llm", new string('a', 5000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("2048 bytes", Error(await big.Content.ReadAsStringAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);

        var cases = new Dictionary<string, string>
        {
            ["{\"model\": \"llm\", \"prompt\": "] = "not valid JSON",
            ["[1, 2]"] = "must be a JSON object",
            ["{\"prompt\": \"hi\"}"] = "\"model\"",
            ["{\"model\": \"llm\"}"] = "\"prompt\"",
            ["{\"model\": \"llm\", \"prompt\": \"hi\", \"max_tokens\": -3}"] = "\"max_tokens\" must be a positive whole number",
            ["{\"model\": \"llm\", \"prompt\": \"hi\", \"stream\": \"yes\"}"] = "\"stream\" must be true or false",
        };
        foreach (var (body, expected) in cases)
        {
            using var response = await router.Client.PostAsync("/v1/completions", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, Error(await response.Content.ReadAsStringAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using var chat = await router.Client.PostAsync("/v1/chat/completions", new StringContent("{\"model\":\"llm\",\"messages\":\"hi\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, chat.StatusCode);
        Assert.Contains("\"messages\" must be a non-empty list", Error(await chat.Content.ReadAsStringAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, replica.Count);
    }

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_while_other_keys_go_on()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string>
        {
            ["SkyHedge:Router:RateLimitPerSecond"] = "1",
            ["SkyHedge:Router:RateLimitBurst"] = "5",
        });
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.ServeAsync("llm", replica);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await router.CompleteAsync("llm");
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : limited;
        }

        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) is >= 5 and <= 6, string.Join(',', statuses));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.NotNull(limited!.Headers.RetryAfter?.Delta);
        var other = await router.Keys.CreateAsync(ApiKeyScope.Inference, "another client");
        using var otherClient = router.NewClient(other.Key);
        await router.CompleteAsync("llm", client: otherClient).OkAsync();
    }

    [Fact]
    public async Task Logs_carry_no_key_token_or_prompt()
    {
        var logs = new CapturingLoggerProvider();
        await using var router = await RouterHarness.StartAsync(azurite, configure: services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        await using var replica = await FakeReplica.StartAsync("r1");
        await using var dead = await FakeReplica.StartAsync("r2");
        await router.AddServiceAsync("llm");
        await router.AddReplicaAsync("llm", replica);
        await router.AddReplicaAsync("llm", dead);
        await dead.KillAsync();
        await router.PushAsync("llm").OkAsync();
        const string Prompt = "secret-prompt-text-4f1c";

        for (var i = 0; i < 4; i++)
        {
            await router.CompleteAsync("llm", Prompt).OkAsync();
        }

        await router.CompleteAsync("nope", Prompt);
        Assert.NotEmpty(logs.Lines);
        foreach (var secret in new[] { Prompt, router.InferenceKey, RouterHarness.AdminKey, replica.Token, dead.Token })
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static JsonElement Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error");
}
