using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>Streams are server-sent events in OpenAI's chunk format, one per token, spread over the generation.</summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task A_streamed_completion_sends_one_chunk_per_token_spread_in_time_then_DONE()
    {
        await using var emulator = await InProcessEmulator.StartAsync();
        await emulator.WarmUpAsync();
        var clock = Stopwatch.StartNew();

        using var response = await OpenAi.CompleteAsync(emulator.Client, "Tell me about spot GPUs", 12, stream: true);
        var events = await OpenAi.ReadEventsAsync(response, clock);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(13, events.Count);
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.All(chunks, c => Assert.Matches(@"^ \S+$", c.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        Assert.Equal("length", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        // 11 gaps of ~29 ms each on an A10G: the chunks must not arrive in one burst. (Bounds leave room for a
        // loaded machine: one late chunk is followed by a short gap, as the pacer keeps to its schedule.)
        var tpot = EmulatorModel.A10G.TimePerOutputToken(1, 6);
        var spread = events[^2].At - events[0].At;
        Assert.True(spread >= tpot * 11 * 0.7, $"chunks spread over {spread.TotalMilliseconds:0} ms; expected about {(tpot * 11).TotalMilliseconds:0} ms");
        var gaps = events.Skip(1).SkipLast(1).Zip(events.Take(events.Count - 2), (later, earlier) => later.At - earlier.At).Order().ToList();
        Assert.True(gaps[gaps.Count / 2] >= tpot * 0.5, $"median gap {gaps[gaps.Count / 2].TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public async Task A_streamed_chat_starts_with_the_assistant_role_ends_with_the_finish_reason_and_can_report_usage()
    {
        await using var emulator = await InProcessEmulator.StartAsync(new EmulatorOptions { Token = InProcessEmulator.Token, TimeScale = 10 });
        await emulator.WarmUpAsync();

        using var response = await OpenAi.SendAsync(emulator.Client, "/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "Hello there" } },
            max_tokens = 4,
            stream = true,
            stream_options = new { include_usage = true },
        });
        var events = await OpenAi.ReadEventsAsync(response, Stopwatch.StartNew());

        // 4 tokens, the end chunk, the usage chunk, [DONE].
        Assert.Equal(7, events.Count);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.All(chunks.Skip(1).Take(3), c => Assert.False(c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("role", out _)));
        var end = chunks[4].GetProperty("choices")[0];
        Assert.Equal("length", end.GetProperty("finish_reason").GetString());
        Assert.Empty(end.GetProperty("delta").EnumerateObject());
        Assert.Equal(0, chunks[5].GetProperty("choices").GetArrayLength());
        Assert.Equal(4, chunks[5].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(4, OpenAi.StreamedText(events).Split(' ').Length);
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_generation_and_leaves_the_batch()
    {
        await using var emulator = await InProcessEmulator.StartAsync();
        await emulator.WarmUpAsync();
        using var cancel = new CancellationTokenSource();

        var response = await OpenAi.CompleteAsync(emulator.Client, "long", 1000, stream: true, cancel.Token);
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token)))
        {
            await reader.ReadLineAsync(cancel.Token); // the first token is out: the request is in the batch
            Assert.Equal(1, emulator.InFlight);
            await cancel.CancelAsync();
        }

        response.Dispose();
        var clock = Stopwatch.StartNew();
        while (emulator.InFlight > 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        // 1000 tokens would take ~30 s; the request left as soon as its client did.
        Assert.Equal(0, emulator.InFlight);
    }
}
