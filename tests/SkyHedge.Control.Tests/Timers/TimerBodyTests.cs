using Microsoft.Extensions.Time.Testing;
using SkyHedge.Clouds.Fake;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Timers;

/// <summary>The watchdog and preemption poller bodies against Table Storage on Azurite and the fake cloud.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerBodyTests(AzuriteFixture azurite)
{
    private const string Yaml = "name: llm\nresources:\n  accelerators: A10G:1\n  use_spot: true\n";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    private (TableStateStore Store, FakeCloud Cloud, FakeCloudProvider Aws, RecordingGateway Gateway) Setup()
    {
        var store = new TableStateStore(azurite.ConnectionString, new TableStateStoreOptions { TablePrefix = "w" + Guid.NewGuid().ToString("N")[..16] }, _clock);
        var cloud = FakeCloud.InMemory(_clock);
        return (store, cloud, new FakeCloudProvider(cloud, "aws"), new RecordingGateway());
    }

    private static LaunchRequest Request(string service, string replica) =>
        new(service, replica, new Offering("fake.gpu", "A10G", 1, new Location("aws", "aws-region-1", "aws-zone-a"), Market.Spot, 1m),
            ServiceSpecParser.Parse(Yaml, "llm.yaml"), $"{service}-{replica}", "token");

    private static ReplicaRecord Row(string service, string id, ReplicaStatus status, string instanceId) =>
        new(new Replica(id, service, "aws", "aws-region-1", "aws-zone-a", "fake.gpu", "A10G", Market.Spot, 1m, status), 1, InstanceId: instanceId);

    [Fact]
    public async Task WatchdogTerminatesTaggedInstancesWithoutALiveRowAndStartsMissingControllers()
    {
        var (store, cloud, aws, gateway) = Setup();
        await store.CreateServiceAsync("llm", Yaml);
        var owned = await aws.LaunchAsync(Request("llm", "r1"), default);
        var orphan = await aws.LaunchAsync(Request("llm", "ghost"), default);
        var ended = await aws.LaunchAsync(Request("llm", "r2"), default);
        await store.AddReplicaAsync(Row("llm", "r1", ReplicaStatus.Ready, owned.InstanceId), "test");
        await store.AddReplicaAsync(Row("llm", "r2", ReplicaStatus.Terminated, ended.InstanceId), "test");
        var watchdog = new Watchdog(store, new CloudProviders([aws]), gateway, _clock);

        // Too young to be an orphan: a launch writes its instance id a moment after the cloud creates it.
        var early = await watchdog.RunAsync(default);
        Assert.Empty(early.TerminatedOrphans);
        Assert.Equal(["llm"], early.StartedControllers);
        Assert.Equal(["r1"], early.RestartedReplicas); // a live row without a running lifecycle is restarted from the row

        _clock.Advance(TimeSpan.FromMinutes(3));
        var report = await watchdog.RunAsync(default);
        Assert.Equal([orphan.InstanceId, ended.InstanceId], report.TerminatedOrphans.Order());
        Assert.Empty(report.StartedControllers); // already running
        Assert.Empty(report.RestartedReplicas);
        Assert.Equal([owned.InstanceId], cloud.LiveInstances("llm").Select(i => i.InstanceId));
        var events = await store.ListEventsAsync("llm");
        Assert.Contains(events, e => e.Action == Watchdog.OrphanTerminated && e.ReplicaId == "ghost");
    }

    [Fact]
    public async Task PollerSignalsPreemptionsAndNotices()
    {
        var (store, cloud, aws, gateway) = Setup();
        var a = await aws.LaunchAsync(Request("llm", "a"), default);
        var b = await aws.LaunchAsync(Request("llm", "b"), default);
        var c = await aws.LaunchAsync(Request("llm", "c"), default);
        foreach (var (id, instance) in new[] { ("a", a), ("b", b), ("c", c) })
        {
            await store.AddReplicaAsync(Row("llm", id, ReplicaStatus.Ready, instance.InstanceId), "test");
        }

        cloud.Preempt(a.InstanceId);
        cloud.Notice(b.InstanceId);
        var signalled = await new PreemptionPoller(store, new CloudProviders([aws]), gateway).RunAsync(default);

        Assert.Equal(2, signalled);
        Assert.Contains(("llm", "a", ReplicaSignal.Preempted), gateway.ReplicaSignals);
        Assert.Contains(("llm", "b", ReplicaSignal.InterruptionNotice), gateway.ReplicaSignals);
        Assert.DoesNotContain(gateway.ReplicaSignals, s => s.Replica == "c");
    }
}
