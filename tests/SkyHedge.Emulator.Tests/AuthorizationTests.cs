using System.Net;
using System.Net.Http.Headers;
using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>/v1/* accepts only the replica token the router presents; /health is open to probes.</summary>
public sealed class AuthorizationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic cmVwbGljYS10b2tlbi1mb3ItdGVzdHM=")]
    public async Task Without_the_replica_token_v1_answers_401_with_an_OpenAI_error(string? authorization)
    {
        await using var emulator = await InProcessEmulator.StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.Address };
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var response in new[]
        {
            await OpenAi.CompleteAsync(client, "hello", 2),
            await OpenAi.ChatAsync(client, "hello", 2),
            await client.GetAsync(new Uri("/v1/models", UriKind.Relative)),
        })
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                var error = (await OpenAi.JsonAsync(response)).GetProperty("error");
                Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
                Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
                Assert.Contains("Authorization: Bearer TOKEN", error.GetProperty("message").GetString(), StringComparison.Ordinal);
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
        }
    }

    [Fact]
    public async Task With_the_token_v1_serves_and_health_needs_none()
    {
        await using var emulator = await InProcessEmulator.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = emulator.Address };

        using var completion = await OpenAi.CompleteAsync(emulator.Client, "hello", 2);
        using var health = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_token_every_request_is_served_and_the_log_says_so()
    {
        await using var emulator = await InProcessEmulator.StartAsync(new EmulatorOptions { Token = null });
        using var anonymous = new HttpClient { BaseAddress = emulator.Address };
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var response = await OpenAi.CompleteAsync(anonymous, "hello", 2);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no replica token: /v1/* accepts requests without authorization", emulator.Log, StringComparison.Ordinal);
    }
}
