using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using SkyHedge.LocalHost;
using SkyHedge.Testing;
using static SkyHedge.Control.Tests.ControlLoop.ControlLoopHarness;

namespace SkyHedge.Control.Tests.ControlLoop;

/// <summary>The local host's timers and the notice endpoint, against the running control loop.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimersAndNoticesTests(AzuriteFixture azurite)
{
    private const string Spec = """
        name: llm
        resources:
          accelerators: A10G:1
          use_spot: true
          any_of:
            - cloud: aws
        service:
          readiness_probe: /health
          replica_policy:
            min_replicas: 1
            max_replicas: 1
            num_overprovision: 1
            dynamic_ondemand_fallback: true
        """;

    [Fact]
    public async Task LocalTimersSweepAnOrphanInstance()
    {
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);
        var offering = new Offering("fake.gpu", "A10G", 1, new Location("aws", "aws-region-1", "aws-zone-d"), Market.Spot, 1m);
        var orphan = await h.Provider.LaunchAsync(
            new LaunchRequest("llm", "ghost", offering, ServiceSpecParser.Parse(Spec, "llm.yaml"), "llm-ghost", "t"), default);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (h.Cloud.LiveInstances("llm").Any(i => i.InstanceId == orphan.InstanceId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the orphan was not swept within 60 s");
            await Task.Delay(200);
        }

        var timers = h.Host.Services.GetRequiredService<LocalTimers>();
        Assert.True(timers.WatchdogRuns > 0 && timers.PollerRuns > 0);
        Assert.Contains(await h.Store.ListEventsAsync("llm", 1000), e => e.Action == Watchdog.OrphanTerminated && e.ReplicaId == "ghost");
    }

    [Fact]
    public async Task ANoticeFromTheReplicaDrainsItAndItIsReplaced()
    {
        await using var h = await StartAsync(azurite);
        await h.StartServiceAsync("llm", Spec);
        var rows = await h.WaitForAsync("llm", rs => rs.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot) == 2, "2 ready spot replicas");
        var doomed = rows.First(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot);

        var keys = new TableKeyStore(azurite.ConnectionString, new TableStateStoreOptions { TablePrefix = "k" + Guid.NewGuid().ToString("N")[..12] });
        var api = new AdminApi(h.Store, keys, h.Host.Services.GetRequiredService<IOrchestrationGateway>());
        var body = $$"""{"service":"llm","replica_id":"{{doomed.Id}}","kind":"preemption"}""";
        var wrong = await api.HandleAsync(new AdminRequest("POST", "/api/notices",
            [new("Authorization", "Bearer not-the-token"), new("Content-Type", "application/json")], body));
        Assert.Equal(401, wrong.StatusCode);
        var accepted = await api.HandleAsync(new AdminRequest("POST", "/api/notices",
            [new("Authorization", $"Bearer {doomed.ReplicaToken}"), new("Content-Type", "application/json")], body));
        Assert.Equal(202, accepted.StatusCode);

        var after = await h.WaitForAsync("llm", rs =>
            ReplicaStateMachine.IsTerminal(rs.Single(r => r.Id == doomed.Id).Replica.Status)
            && rs.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot) == 2, "the noticed replica drained and replaced");
        // Drained before the cloud took it, yet recorded as a preemption so the policy counts the loss in its zone.
        var ended = after.Single(r => r.Id == doomed.Id).Replica;
        Assert.Equal(ReplicaStatus.Preempted, ended.Status);
        Assert.Equal("drained after interruption notice", ended.Reason);
        var events = await h.Store.ListEventsAsync("llm", 1000);
        Assert.Contains(events, e => e.ReplicaId == doomed.Id && e.ToStatus == ReplicaStatus.Draining && e.Reason == "interruption notice");
        Assert.DoesNotContain(h.Cloud.LiveInstances("llm"), i => i.ReplicaId == doomed.Id);
    }
}
