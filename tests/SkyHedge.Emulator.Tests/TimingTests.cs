using System.Diagnostics;
using System.Net;
using SkyHedge.Core.Performance;
using SkyHedge.Emulator.Tests.Harness;
using Xunit.Abstractions;

namespace SkyHedge.Emulator.Tests;

/// <summary>
/// The emulator's timing is the core performance model's: measured times to first token and totals fall within
/// generous bounds of the model's prediction (never early — the pacer only waits — and late by at most scheduling
/// noise), the time scale divides them, and concurrency slows every request down.
/// </summary>
public sealed class TimingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData("A10G", 1.0)]
    [InlineData("L4", 1.0)]
    [InlineData("T4", 4.0)]
    public async Task First_token_and_total_follow_the_model(string gpu, double timeScale)
    {
        await using var emulator = await InProcessEmulator.StartAsync(new EmulatorOptions { Gpu = gpu, Token = InProcessEmulator.Token, TimeScale = timeScale });
        await emulator.WarmUpAsync();
        var model = GpuPerformanceModel.For(gpu);
        var prompt = new string('x', 2048); // 512 tokens
        const int Tokens = 20;

        var clock = Stopwatch.StartNew();
        using var response = await OpenAi.CompleteAsync(emulator.Client, prompt, Tokens, stream: true);
        var events = await OpenAi.ReadEventsAsync(response, clock);

        var ttft = model.TimeToFirstToken(512) / timeScale;
        var total = EmulatorModel.Alone(model, 512, Tokens) / timeScale;
        output.WriteLine($"{gpu}: TTFT {events[0].At.TotalMilliseconds:0} ms (model {ttft.TotalMilliseconds:0}), total {events[^1].At.TotalMilliseconds:0} ms (model {total.TotalMilliseconds:0})");
        Assert.InRange(events[0].At, ttft * 0.95, Late(ttft));
        Assert.InRange(events[^1].At, total * 0.95, Late(total));
    }

    [Fact]
    public async Task A_non_streamed_answer_takes_ttft_plus_a_gap_per_further_token()
    {
        await using var emulator = await InProcessEmulator.StartAsync();
        await emulator.WarmUpAsync();
        var prompt = new string('y', 400); // 100 tokens

        var clock = Stopwatch.StartNew();
        using var response = await OpenAi.CompleteAsync(emulator.Client, prompt, 16);
        await response.Content.ReadAsStringAsync();
        clock.Stop();

        var expected = EmulatorModel.Alone(EmulatorModel.A10G, 100, 16);
        output.WriteLine($"took {clock.Elapsed.TotalMilliseconds:0} ms; model {expected.TotalMilliseconds:0} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(clock.Elapsed, expected * 0.95, Late(expected));
    }

    [Fact]
    public async Task Concurrent_requests_are_a_batch_and_each_token_takes_longer()
    {
        await using var emulator = await InProcessEmulator.StartAsync();
        await emulator.WarmUpAsync();
        var model = EmulatorModel.A10G;
        var prompt = new string('z', 8000); // 2000 tokens: each sequence's KV cache is ~1 GB, so a batch of 8 reads 8 GB more per step
        const int Concurrency = 8;
        const int Tokens = 20;

        var clock = Stopwatch.StartNew();
        var durations = await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            using var response = await OpenAi.CompleteAsync(emulator.Client, prompt, Tokens);
            await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return clock.Elapsed;
        }));

        var alone = EmulatorModel.Alone(model, 2000, Tokens);
        var batched = model.TimeToFirstToken(2000) + (model.TimePerOutputToken(Concurrency, 2010) * (Tokens - 1));
        output.WriteLine($"{Concurrency} at once: {durations.Min().TotalMilliseconds:0}-{durations.Max().TotalMilliseconds:0} ms; model alone {alone.TotalMilliseconds:0} ms, as a batch of {Concurrency} {batched.TotalMilliseconds:0} ms");
        Assert.True(batched > alone * 1.25, "the scenario must make batching visible");
        Assert.All(durations, d => Assert.InRange(d, batched * 0.9, Late(batched)));
    }

    /// <summary>The latest a measurement may come: a quarter late plus 300 ms, room for a loaded CI machine (the
    /// whole solution's tests run at once) while a doubled time still fails.</summary>
    private static TimeSpan Late(TimeSpan expected) => (expected * 1.25) + Slack;
}
