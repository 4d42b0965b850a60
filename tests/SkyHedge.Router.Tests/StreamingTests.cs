using Microsoft.AspNetCore.Http;
using System.Net.Http.Headers;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>Server-sent events pass through chunk by chunk: a token reaches the client as soon as it is generated.</summary>
[Collection(RouterTestGroup.Name)]
public sealed class StreamingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_client_receives_the_first_chunk_before_the_backend_sends_the_last()
    {
        await using var router = await RouterHarness.StartAsync(azurite);
        var firstSeenByClient = new TaskCompletionSource();
        var lastSent = false;
        await using var replica = await FakeReplica.StartAsync("r1", async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("data: {\"choices\":[{\"text\":\"Hel\"}]}\n\n");
            await ctx.Response.Body.FlushAsync();

            // The last chunk is held until the client has the first: a buffering router would deadlock here.
            await firstSeenByClient.Task.WaitAsync(TimeSpan.FromSeconds(20));
            lastSent = true;
            await ctx.Response.WriteAsync("data: {\"choices\":[{\"text\":\"lo\"}]}\n\ndata: [DONE]\n\n");
        });
        await router.ServeAsync("llm", replica);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = RoutingTests.Json(new { model = "llm", prompt = "Hello", stream = true, max_tokens = 2 }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await router.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("data: {\"choices\":[{\"text\":\"Hel\"}]}", first);
        Assert.False(lastSent);
        firstSeenByClient.SetResult();
        var rest = await reader.ReadToEndAsync();
        Assert.Contains("data: [DONE]", rest, StringComparison.Ordinal);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }
}
