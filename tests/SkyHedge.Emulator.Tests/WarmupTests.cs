using System.Diagnostics;
using System.Net;
using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>A replica is not healthy until its (emulated) model has loaded.</summary>
public sealed class WarmupTests
{
    [Fact]
    public async Task Health_answers_503_during_the_warm_up_then_200()
    {
        var clock = Stopwatch.StartNew();
        await using var emulator = await InProcessEmulator.StartAsync(new EmulatorOptions { Token = InProcessEmulator.Token, Warmup = TimeSpan.FromSeconds(1.5) });

        using (var early = await emulator.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
            Assert.Equal("""{"status":"warming_up","gpu":"A10G"}""", await early.Content.ReadAsStringAsync());
        }

        using (var completion = await OpenAi.CompleteAsync(emulator.Client, "hello", 2))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, completion.StatusCode);
            Assert.Equal("replica_warming_up", (await OpenAi.JsonAsync(completion)).GetProperty("error").GetProperty("code").GetString());
            Assert.InRange(completion.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 2);
        }

        HttpStatusCode status;
        do
        {
            await Task.Delay(50);
            using var health = await emulator.Client.GetAsync(new Uri("/health", UriKind.Relative));
            status = health.StatusCode;
        }
        while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"healthy after {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal("""{"status":"ok","gpu":"A10G"}""", await emulator.Client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        using var served = await OpenAi.CompleteAsync(emulator.Client, "hello", 2);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("warm-up done: healthy", emulator.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_time_scale_shortens_the_warm_up_too()
    {
        var clock = Stopwatch.StartNew();
        await using var emulator = await InProcessEmulator.StartAsync(new EmulatorOptions { Warmup = TimeSpan.FromSeconds(30), TimeScale = 100 });

        HttpStatusCode status;
        do
        {
            await Task.Delay(50);
            using var health = await emulator.Client.GetAsync(new Uri("/health", UriKind.Relative));
            status = health.StatusCode;
        }
        while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.3, 5);
    }
}
