using SkyHedge.Router.Signals;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>What the router tells the rest of the system: request counts for the autoscaler, metrics for operators.</summary>
[Collection(RouterTestGroup.Name)]
public sealed class SignalsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Request_counts_reach_the_state_store_in_batches()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string> { ["SkyHedge:Router:CountFlushInterval"] = "00:00:00.300" });
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.ServeAsync("llm", replica);

        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => router.CompleteAsync("llm").OkAsync()));

        await RoutingTests.WaitUntilAsync(() =>
            router.Store.GetRequestCountsAsync("llm", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)).GetAwaiter().GetResult().Sum(c => c.Count) == 25);
    }

    [Fact]
    public async Task Request_sizes_are_counted_per_grid_cell_for_the_mixed_gpu_planner()
    {
        await using var router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string> { ["SkyHedge:Router:CountFlushInterval"] = "00:00:00.300" });
        await using var replica = await FakeReplica.StartAsync("r1");
        await router.ServeAsync("llm", replica);
        var longPrompt = string.Join(' ', Enumerable.Repeat("word", 1500));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => router.CompleteAsync("llm", "Hello", 16).OkAsync()));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => router.CompleteAsync("llm", longPrompt, 300).OkAsync()));

        var small = Core.Routing.SizeGrid.Cell(1, 16);
        var large = Core.Routing.SizeGrid.Cell(1500, 300);
        await RoutingTests.WaitUntilAsync(() =>
        {
            var sizes = router.Store.GetRequestCountsAsync("llm", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)).GetAwaiter().GetResult()
                .SelectMany(c => c.Sizes ?? new Dictionary<int, long>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
            return sizes.GetValueOrDefault(small) == 6 && sizes.GetValueOrDefault(large) == 2 && sizes.Count == 2;
        });
    }

    [Fact]
    public async Task Metrics_record_latency_per_pool_and_replica_and_count_retries()
    {
        var durations = new ConcurrentQueue<(double Value, Dictionary<string, object?> Tags)>();
        var retries = new ConcurrentQueue<Dictionary<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RouterMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "skyhedge.router.try.duration")
            {
                durations.Enqueue((value, Tags(tags)));
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "skyhedge.router.retries")
            {
                retries.Enqueue(Tags(tags));
            }
        });
        listener.Start();

        await using var router = await RouterHarness.StartAsync(azurite);
        await using var busy = await FakeReplica.StartAsync("busy", async (ctx, _) =>
        {
            ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("busy");
        });
        await using var good = await FakeReplica.StartAsync("good");
        await router.ServeAsync("llm", null, "service:\n  load_balancing_policy: round_robin\n", (busy, "L4"), (good, "H100"));

        for (var i = 0; i < 4; i++)
        {
            await router.CompleteAsync("llm").OkAsync();
        }

        Assert.Contains(durations, d => Equals(d.Tags["replica"], "good") && Equals(d.Tags["pool"], "H100") && Equals(d.Tags["outcome"], "200") && d.Value > 0);
        Assert.Contains(durations, d => Equals(d.Tags["replica"], "busy") && Equals(d.Tags["pool"], "L4") && Equals(d.Tags["outcome"], "503"));
        Assert.Equal(busy.Count, retries.Count(r => Equals(r["reason"], "status") && Equals(r["service"], "llm")));
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
