using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;
using Xunit.Abstractions;
using static SkyHedge.Control.Tests.ControlLoop.ControlLoopHarness;

namespace SkyHedge.Control.Tests.ControlLoop;

/// <summary>The control loop end to end: durable orchestrations, Table Storage on Azurite, a fake cloud, real
/// probes over loopback HTTP.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ControlLoopTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ConvergesToTargetPlusOneSpotReplicasInDistinctZones()
    {
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);

        var rows = await h.WaitForAsync("llm", rs => rs.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot) == 3, "3 ready spot replicas");
        var ready = rows.Where(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot).ToList();
        Assert.Equal(3, ready.Select(r => r.Replica.Zone).Distinct().Count());

        // Every live row has exactly one live instance, and nothing else runs.
        Assert.Empty(h.Cloud.DuplicateReplicas("llm"));
        await h.WaitForAsync("llm", rs => rs.All(r => r.Replica.Market == Market.Spot || ReplicaStateMachine.IsTerminal(r.Replica.Status)), "on-demand fallback released");
    }

    private static bool ReadySpot(IReadOnlyList<ReplicaRecord> rows, int n) =>
        rows.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot) == n;

    private static bool NoLiveOnDemand(IReadOnlyList<ReplicaRecord> rows) =>
        !Live(rows).Any(r => r.Replica.Market == Market.OnDemand);

    [Fact]
    public async Task PreemptionFallsBackToOnDemandAndReplacesSpotInAnotherZone()
    {
        // SpotHedge's fallback (SkyServe's dynamic_fallback placer): every preemption buys an on-demand stand-in.
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec.Replace("dynamic_ondemand_fallback: true", "dynamic_ondemand_fallback: true\n    spot_placer: dynamic_fallback", StringComparison.Ordinal));
        var before = await h.WaitForAsync("llm", rs => ReadySpot(rs, 3) && NoLiveOnDemand(rs), "3 ready spot replicas");

        // Slow launches down so the fallback is visibly needed while the replacement starts.
        h.Cloud.SetLaunchLatency(TimeSpan.FromSeconds(2));
        var victim = before.First(r => r.Replica.Status == ReplicaStatus.Ready);
        Assert.NotEmpty(h.Cloud.Preempt(victim.Replica.Location));

        await h.WaitForAsync("llm", rs => rs.Single(r => r.Id == victim.Id).Replica.Status == ReplicaStatus.Preempted, "the preemption recorded");
        var after = await h.WaitForAsync("llm", rs =>
            ReadySpot(rs, 3) && NoLiveOnDemand(rs) && rs.Any(r => r.Replica.Market == Market.OnDemand && before.All(b => b.Id != r.Id)),
            "a spot replacement ready and the on-demand fallback released");

        var preempted = after.Single(r => r.Id == victim.Id);
        var replacement = after.Single(r => r.Replica.Market == Market.Spot && r.Replica.Status == ReplicaStatus.Ready && before.All(b => b.Id != r.Id));
        Assert.NotEqual(victim.Replica.Zone, replacement.Replica.Zone);
        var fallback = after.Single(r => r.Replica.Market == Market.OnDemand && before.All(b => b.Id != r.Id));
        Assert.True(fallback.Replica.LaunchTime <= replacement.Replica.ReadyTime, "the on-demand fallback launched before the replacement was ready");
        Assert.Equal(ReplicaStatus.Terminated, fallback.Replica.Status);
        Assert.True(fallback.Replica.EndTime >= replacement.Replica.ReadyTime, "the fallback was released only after the replacement was ready");

        var location = Assert.Single(await h.Store.ListLocationsAsync("llm"), l => l.Location == victim.Replica.Location);
        Assert.Equal(LocationState.Preempted, location.State);
        Assert.Equal(1, location.PreemptionCount);

        var lag = replacement.Replica.LaunchTime!.Value - preempted.Replica.EndTime!.Value;
        output.WriteLine($"preemption recorded -> replacement launch: {lag.TotalMilliseconds:0} ms = {lag / FastOptions.DecisionInterval:0.0} decision intervals");
        Assert.Empty(h.Cloud.DuplicateReplicas("llm"));
    }

    [Fact]
    public async Task SkyhedgeReplacesAPreemptedExtraElsewhereWithoutBuyingOnDemand()
    {
        // The default placer: with target 2 and the extra, one loss leaves the target ready, so on-demand would be
        // pure cost; the replacement goes to another zone.
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);
        var before = await h.WaitForAsync("llm", rs => ReadySpot(rs, 3) && NoLiveOnDemand(rs), "3 ready spot replicas");

        var victim = before.First(r => r.Replica.Status == ReplicaStatus.Ready);
        Assert.NotEmpty(h.Cloud.Preempt(victim.Replica.Location));
        var after = await h.WaitForAsync("llm", rs =>
            rs.Single(r => r.Id == victim.Id).Replica.Status == ReplicaStatus.Preempted
            && ReadySpot(rs, 3) && rs.Any(r => r.Replica.Status == ReplicaStatus.Ready && before.All(b => b.Id != r.Id)),
            "the preemption recorded and a spot replacement ready");

        var replacement = after.Single(r => r.Replica.Market == Market.Spot && r.Replica.Status == ReplicaStatus.Ready && before.All(b => b.Id != r.Id));
        Assert.NotEqual(victim.Replica.Zone, replacement.Replica.Zone);
        Assert.DoesNotContain(after, r => r.Replica.Market == Market.OnDemand && before.All(b => b.Id != r.Id));
        Assert.Empty(h.Cloud.DuplicateReplicas("llm"));
    }

    [Fact]
    public async Task WithoutSpotCapacityTheServiceRunsOnDemandAndReturnsToSpot()
    {
        await using var h = await StartAsync(azurite);
        var zones = "abcd".Select(z => new Location("aws", "aws-region-1", $"aws-zone-{z}")).ToList();
        foreach (var zone in zones)
        {
            h.Cloud.SetSpotCapacity(zone, 0);
        }

        await h.StartServiceAsync("llm", Spec);
        await h.WaitForAsync("llm", rs => Live(rs).Count(r => r.Replica.Market == Market.OnDemand && r.Replica.Status == ReplicaStatus.Ready) == 2, "2 ready on-demand replicas");
        await Task.Delay(FastOptions.DecisionInterval * 4);
        var steady = await h.Store.ListReplicasAsync("llm");
        Assert.True(Live(steady).Count(r => r.Replica.Market == Market.OnDemand) <= 2, "on-demand never exceeds the target");

        foreach (var zone in zones)
        {
            h.Cloud.SetSpotCapacity(zone, null);
        }

        await h.WaitForAsync("llm", rs => ReadySpot(rs, 3) && NoLiveOnDemand(rs), "back on 3 spot replicas", seconds: 90);
        Assert.Empty(h.Cloud.DuplicateReplicas("llm"));
    }

    [Fact]
    public async Task SpecUpdateReplacesReplicasWithoutDroppingBelowTarget()
    {
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);
        var v1 = await h.WaitForAsync("llm", rs => ReadySpot(rs, 3) && NoLiveOnDemand(rs), "version 1 ready");

        await h.Store.UpdateServiceAsync("llm", s => s with { SpecYaml = Spec.Replace("path: /health", "path: /ready", StringComparison.Ordinal) });
        await new SkyHedge.Control.Timers.DurableGateway(h.Host.Client, FastOptions).SignalControllerAsync("llm", SkyHedge.Control.Controller.ServiceSignal.SpecUpdated, default);

        // Sample the fleet while it rolls: never fewer than the target (2) ready replicas.
        var minReady = int.MaxValue;
        var rows = await h.WaitForAsync("llm", rs =>
        {
            minReady = Math.Min(minReady, rs.Count(r => r.Replica.Status == ReplicaStatus.Ready));
            return Live(rs).All(r => r.SpecVersion == 2) && rs.Count(r => r.SpecVersion == 2 && r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot) == 3;
        }, "version 2 replaced version 1", seconds: 120);
        Assert.True(minReady >= 2, $"ready replicas dropped to {minReady} during the rolling update");
        Assert.All(v1, old => Assert.True(ReplicaStateMachine.IsTerminal(rows.Single(r => r.Id == old.Id).Replica.Status)));
    }

    [Fact]
    public async Task DeletingAServiceTerminatesEverythingAndEndsTheController()
    {
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);
        await h.WaitForAsync("llm", rs => ReadySpot(rs, 3), "3 ready spot replicas");

        await h.Store.UpdateServiceAsync("llm", s => s with { Status = ServiceStatus.ShuttingDown });
        await new SkyHedge.Control.Timers.DurableGateway(h.Host.Client, FastOptions).SignalControllerAsync("llm", SkyHedge.Control.Controller.ServiceSignal.Deleted, default);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await h.Host.Client.WaitForInstanceCompletionAsync(SkyHedge.Control.Lifecycle.ReplicaSignals.ControllerId("llm"), timeout.Token);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Null(await h.Store.GetServiceAsync("llm"));
        Assert.All(await h.Store.ListReplicasAsync("llm"), r => Assert.True(ReplicaStateMachine.IsTerminal(r.Replica.Status)));
        Assert.Empty(h.Cloud.LiveInstances("llm"));
    }

    [Fact]
    public async Task AReplicaThatFailsItsProbesIsReplaced()
    {
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);
        var rows = await h.WaitForAsync("llm", rs => ReadySpot(rs, 3) && NoLiveOnDemand(rs), "3 ready spot replicas");
        var sick = rows.First(r => r.Replica.Status == ReplicaStatus.Ready);
        SickTokens[sick.ReplicaToken!] = true;
        try
        {
            var after = await h.WaitForAsync("llm", rs =>
                rs.Single(r => r.Id == sick.Id).Replica.Status == ReplicaStatus.FailedProbing && ReadySpot(rs, 3), "the sick replica replaced");
            Assert.Contains("probes failed in a row", after.Single(r => r.Id == sick.Id).Replica.Reason, StringComparison.Ordinal);
            var events = await h.Store.ListEventsAsync("llm", 1000);
            Assert.Contains(events, e => e.ReplicaId == sick.Id && e.ToStatus == ReplicaStatus.NotReady);
            Assert.DoesNotContain(h.Cloud.LiveInstances("llm"), i => i.ReplicaId == sick.Id);
        }
        finally
        {
            SickTokens.TryRemove(sick.ReplicaToken!, out _);
        }
    }
}
