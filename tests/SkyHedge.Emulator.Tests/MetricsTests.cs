using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary><c>GET /metrics</c>: what the replica served, in vLLM's Prometheus names, open to scrapers like
/// <c>/health</c>.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Finished_requests_and_their_tokens_are_counted_by_prompt_size()
    {
        await using var emulator = await InProcessEmulator.StartAsync();
        using (await OpenAi.CompleteAsync(emulator.Client, "hello", 3))
        using (await OpenAi.CompleteAsync(emulator.Client, string.Join(' ', Enumerable.Repeat("word", 300)), 2))
        {
        }

        using var anonymous = new HttpClient { BaseAddress = emulator.Address };
        var text = await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        var model = "model_name=\"" + new EmulatorOptions().Model + "\"";
        Assert.Contains($"vllm:request_success_total{{{model}}} 2\n", text, StringComparison.Ordinal);
        Assert.Contains($"vllm:generation_tokens_total{{{model}}} 5\n", text, StringComparison.Ordinal);
        Assert.Contains($"vllm:request_prompt_tokens_bucket{{{model},le=\"64\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"vllm:request_prompt_tokens_bucket{{{model},le=\"256\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"vllm:request_prompt_tokens_bucket{{{model},le=\"+Inf\"}} 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("word", text, StringComparison.Ordinal);
    }
}
