using System.Diagnostics;
using System.Diagnostics.Metrics;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.ControlLoop;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.LocalHost.Azurite;
using SkyHedge.Testing;
using Xunit.Abstractions;
using static SkyHedge.Control.Tests.ControlLoop.ControlLoopHarness;

namespace SkyHedge.Control.Tests.Reliability;

/// <summary>
/// Faults of the cloud and of storage against the real control loop (durable engine, Table Storage on Azurite, fake
/// cloud, probes over loopback), each ending on the same invariant: the service is back at its target, and the
/// cloud's live instances are exactly the live replica rows, with no duplicate. Figures go to the test output and
/// RELIABILITY.md.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ControlPlaneFaultTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Location[] Zones = [.. "abcd".Select(z => new Location("aws", "aws-region-1", $"aws-zone-{z}"))];

    [Fact]
    public async Task A_preemption_storm_falls_back_to_on_demand_then_returns_to_spot()
    {
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);
        await h.WaitForAsync("llm", rs => ReadySpot(rs) == 3, "3 ready spot replicas");

        // Every spot zone lost at once, without notice, and no spot capacity left anywhere.
        var spot = (await h.Store.ListReplicasAsync("llm")).Where(r => r.Replica.Status == ReplicaStatus.Ready).Select(r => r.Id).ToHashSet();
        var clock = Stopwatch.StartNew();
        foreach (var zone in Zones)
        {
            h.Cloud.SetSpotCapacity(zone, 0);
            h.Cloud.Preempt(zone);
        }

        await h.WaitForAsync("llm", rs => rs.Where(r => spot.Contains(r.Id)).All(r => r.Replica.Status == ReplicaStatus.Preempted), "all 3 spot replicas recorded as preempted");
        var noticed = clock.Elapsed;
        await h.WaitForAsync("llm", rs => rs.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.OnDemand) >= 2, "the target back on on-demand");
        var fallback = clock.Elapsed;

        foreach (var zone in Zones)
        {
            h.Cloud.SetSpotCapacity(zone, null);
        }

        clock.Restart();
        var rows = await h.WaitForAsync("llm", rs => ReadySpot(rs) == 3 && !Live(rs).Any(r => r.Replica.Market == Market.OnDemand), "back on 3 spot replicas", seconds: 90);
        output.WriteLine($"storm: all 3 spot replicas recorded preempted in {noticed.TotalSeconds:0.0} s; target (2 ready) back on on-demand {fallback.TotalSeconds:0.0} s after the storm; back on spot {clock.Elapsed.TotalSeconds:0.0} s after capacity returned; "
            + $"launched {h.Cloud.TotalLaunched}, preempted {h.Cloud.Preempted}");
        await AssertNoLeakAsync(h, "llm", rows);
    }

    [Fact]
    public async Task Cloud_throttling_half_the_calls_still_converges_with_backoff_counted()
    {
        // CI: the usual 2 + 1 replicas; bench/chaos.sh sets SKYHEDGE_CHAOS_REPLICAS (e.g. 10) for the run at scale.
        var target = int.TryParse(Environment.GetEnvironmentVariable("SKYHEDGE_CHAOS_REPLICAS"), out var n) && n > 0 ? n : 2;
        using var throttles = new ThrottleCounter();
        await using var h = await StartAsync(azurite);
        h.Cloud.SetThrottleChaos(0.5, seed: 7, retryAfter: TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        await h.StartServiceAsync("llm", Spec.Replace("min_replicas: 2", $"min_replicas: {target}", StringComparison.Ordinal).Replace("max_replicas: 2", $"max_replicas: {target}", StringComparison.Ordinal));

        var rows = await h.WaitForAsync("llm", rs => ReadySpot(rs) == target + 1, $"{target + 1} ready spot replicas despite throttling", seconds: 120 + (10 * target));
        var converged = clock.Elapsed;
        output.WriteLine($"throttling 50%: converged to {target + 1} ready spot replicas in {converged.TotalSeconds:0.0} s; launches throttled and retried {throttles.Count}; "
            + $"cloud calls {h.Cloud.CallCounts.Values.Sum()}; instances launched {h.Cloud.TotalLaunched}");

        Assert.True(throttles.Count > 0, "no launch was throttled: the chaos did not reach the launch path");
        h.Cloud.SetThrottleChaos(0, seed: 7);
        await AssertNoLeakAsync(h, "llm", rows);
    }

    [Fact]
    public async Task Storage_stopped_and_restarted_loses_no_row_and_the_loop_resumes()
    {
        var data = Directory.CreateTempSubdirectory("skyhedge-azurite-data-").FullName;
        var storage = await AzuriteServer.StartPersistentAsync(data, (0, 0, 0));
        var ports = (storage.BlobPort, storage.QueuePort, storage.TablePort); // the restart takes the same ones
        try
        {
            await using var h = await StartAsync(storage.ConnectionString);
            await h.StartServiceAsync("llm", Spec);
            var before = await h.WaitForAsync("llm", rs => ReadySpot(rs) == 3, "3 ready spot replicas");

            // Storage goes away for a while; the loop keeps trying (activities retry with backoff). Stopped as an
            // operator stops Azurite (SIGINT): killed, the emulator drops its last seconds of writes, which real
            // Azure Storage never does to an acknowledged write, so a kill would test the emulator, not SkyHedge.
            await storage.StopAsync(TimeSpan.FromSeconds(20));
            await storage.DisposeAsync();
            var down = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(5)); // the outage itself: fault injection, not a wait for a condition
            storage = await AzuriteServer.StartPersistentAsync(data, ports);
            output.WriteLine($"storage down {down.Elapsed.TotalSeconds:0.0} s");

            var after = await h.Store.ListReplicasAsync("llm");
            Assert.All(before, b => Assert.Contains(after, a => a.Id == b.Id)); // no row lost

            // The loop resumes: a preemption after the restart is noticed and replaced.
            var victim = after.First(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot);
            var clock = Stopwatch.StartNew();
            h.Cloud.Preempt(victim.InstanceId!);
            var rows = await h.WaitForAsync(
                "llm", rs => rs.Single(r => r.Id == victim.Id).Replica.Status == ReplicaStatus.Preempted && ReadySpot(rs) == 3, "the preemption handled after the restart");
            output.WriteLine($"after the restart a preemption was replaced in {clock.Elapsed.TotalSeconds:0.0} s; rows {rows.Count}");
            await AssertNoLeakAsync(h, "llm", rows);
        }
        finally
        {
            await storage.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    // The invariant every fault ends on: the cloud's live instances are exactly the live rows' instances (none
    // leaked, none lost), once in-flight terminations settle, and no replica got two instances.
    private static async Task AssertNoLeakAsync(ControlLoopHarness h, string service, IReadOnlyList<ReplicaRecord> rows)
    {
        Assert.Empty(h.Cloud.DuplicateReplicas(service));
        var settled = await h.WaitForAsync(service, rs =>
        {
            var liveRows = Live(rs).Where(r => r.InstanceId is not null).Select(r => r.InstanceId!).Order().ToList();
            return liveRows.SequenceEqual(h.Cloud.LiveInstances(service).Select(i => i.InstanceId).Order());
        }, "live instances == live replica rows", seconds: 30);
        Assert.NotEmpty(settled);
        Assert.True(rows.Count > 0);
    }

    private static int ReadySpot(IReadOnlyList<ReplicaRecord> rows) => rows.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot);

    // Reads skyhedge.cloud.throttled as an operator's metrics pipeline would.
    private sealed class ThrottleCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ThrottleCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ControlMetrics.MeterName && instrument.Name == "skyhedge.cloud.throttled")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
