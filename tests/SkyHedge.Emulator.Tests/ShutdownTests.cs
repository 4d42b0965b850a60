// SIGTERM is a POSIX signal: these tests run where the product runs replicas (Linux); on Windows they fail rather than skip.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>
/// An interruption notice is SIGTERM to the replica's process: it stops taking requests, lets those in flight finish
/// within the grace period, and exits 0. Run against the real <c>skyhedge-emulator</c> executable.
/// </summary>
public sealed class ShutdownTests
{
    private const string Token = "child-token";

    [Fact]
    public async Task On_SIGTERM_requests_in_flight_finish_new_ones_are_refused_and_the_process_exits_0()
    {
        await using var emulator = await EmulatorProcess.StartAsync(["--gpu", "A10G", "--port", "0", "--grace-seconds", "20"], Token);
        using var streaming = Client(emulator.Address);
        using var whole = Client(emulator.Address);

        // Two requests in flight, ~1.5 s of tokens each on an A10G: one streamed, one answered at the end.
        using var streamed = await OpenAi.CompleteAsync(streaming, "a streamed answer", 50, stream: true);
        using var reader = new StreamReader(await streamed.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync(), StringComparison.Ordinal);
        var answer = OpenAi.CompleteAsync(whole, "a whole answer", 50);
        await Task.Delay(300); // let the second be admitted; the draining line below counts both

        var clock = Stopwatch.StartNew();
        await emulator.TerminateAsync();
        await emulator.Process.WaitForOutputAsync(lines => lines.Any(l => l.Contains("draining", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the draining line");

        Assert.Contains("2 in flight may finish within 20 s", emulator.Process.Output, StringComparison.Ordinal);
        await AssertRefusedAsync(emulator.Address, "/v1/completions");
        await AssertRefusedAsync(emulator.Address, "/health");

        var rest = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                rest.Add(line);
            }
        }

        Assert.Equal(50, rest.Count); // the 49 tokens after the first, and [DONE]
        Assert.Equal("data: [DONE]", rest[^1]);
        using var answered = await answer;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(50, (await OpenAi.JsonAsync(answered)).GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        Assert.Equal(0, await emulator.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        // It left as soon as the requests were done, well before the grace period ran out.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"exited {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM");
        Assert.Contains("skyhedge-emulator: info: stopped", emulator.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_grace_period_runs_out_requests_still_running_are_cut_and_the_process_exits_0()
    {
        await using var emulator = await EmulatorProcess.StartAsync(["--port", "0", "--grace-seconds", "1"], Token);
        using var client = Client(emulator.Address);
        using var streamed = await OpenAi.CompleteAsync(client, "a very long answer", 2000, stream: true); // ~60 s of tokens
        using var reader = new StreamReader(await streamed.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();

        var clock = Stopwatch.StartNew();
        await emulator.TerminateAsync();

        Assert.Equal(0, await emulator.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        var cut = await Record.ExceptionAsync(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                Assert.NotEqual("data: [DONE]", line);
            }
        });
        Assert.True(cut is null or IOException or HttpRequestException, cut?.ToString());
    }

    [Fact]
    public async Task A_separate_process_answers_a_prompt_with_the_same_text_as_this_one()
    {
        await using var child = await EmulatorProcess.StartAsync(["--port", "0", "--time-scale", "20"], Token);
        await using var local = await InProcessEmulator.StartAsync(new EmulatorOptions { Token = InProcessEmulator.Token, TimeScale = 20 });
        using var client = Client(child.Address);

        var there = await DeterminismTests.TextAsync(client, "Which zone is cheapest?");
        var here = await DeterminismTests.TextAsync(local.Client, "Which zone is cheapest?");

        Assert.Equal(here, there);
        Assert.Equal(8, there.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static HttpClient Client(Uri address)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>A new connection is refused outright, or answered 503 if it slipped in before the listener closed.</summary>
    private static async Task AssertRefusedAsync(Uri address, string path)
    {
        using var fresh = Client(address);
        try
        {
            using var response = path == "/health"
                ? await fresh.GetAsync(new Uri(path, UriKind.Relative))
                : await OpenAi.CompleteAsync(fresh, "too late", 2);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // Connection refused (or closed): the listener is gone.
        }
    }
}
