using SkyHedge.Control.Admin;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Admin;

/// <summary>Cloud-side notices (by instance id) relayed through <c>/api/notices</c> to the replica on that instance.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NoticeRelayTests(AzuriteFixture azurite)
{
    private readonly AdminHarness _h = new(azurite);

    [Fact]
    public async Task An_interruption_for_a_replicas_instance_drains_that_replica_with_eventbridge_as_the_actor()
    {
        await _h.CreateAsync();
        await AddAsync("r-1", "us-east-2/i-0aaa", "replica-token-1");
        await AddAsync("r-2", "us-east-2/i-0bbb", "replica-token-2");
        var relay = new NoticeRelay(_h.Store, _h.Api, _h.Clock);

        Assert.Equal(NoticeRelayOutcome.Relayed, await relay.RelayAsync("us-east-2/i-0bbb", "terminate", CancellationToken.None));

        Assert.Equal(["replica demo/r-2 InterruptionNotice"], _h.Gateway.Calls.Where(c => c.StartsWith("replica ", StringComparison.Ordinal)));
        var notice = Assert.Single(await _h.Store.ListEventsAsync("demo", 100), e => e.Action == "interruption-notice");
        Assert.Equal(("r-2", "eventbridge", "terminate"), (notice.ReplicaId, notice.Actor, notice.Reason));
    }

    [Fact]
    public async Task A_rebalance_is_recorded_without_a_drain_and_unknown_or_ended_instances_are_not_ours()
    {
        await _h.CreateAsync();
        await AddAsync("r-1", "us-east-2/i-0aaa", "replica-token-1");
        await AddAsync("r-old", "us-east-2/i-0old", "replica-token-0", ReplicaStatus.Preempted);
        var relay = new NoticeRelay(_h.Store, _h.Api, _h.Clock);

        Assert.Equal(NoticeRelayOutcome.Recorded, await relay.RelayAsync("us-east-2/i-0aaa", "rebalance", CancellationToken.None));
        Assert.Equal(NoticeRelayOutcome.NotOurs, await relay.RelayAsync("us-east-2/i-0zzz", "terminate", CancellationToken.None));
        Assert.Equal(NoticeRelayOutcome.NotOurs, await relay.RelayAsync("us-east-2/i-0old", "terminate", CancellationToken.None));

        Assert.DoesNotContain(_h.Gateway.Calls, c => c.StartsWith("replica ", StringComparison.Ordinal));
        var events = await _h.Store.ListEventsAsync("demo", 100);
        var rebalance = Assert.Single(events, e => e.Action == "rebalance-recommendation");
        Assert.Equal(("r-1", "eventbridge"), (rebalance.ReplicaId, rebalance.Actor));
        Assert.DoesNotContain(events, e => e.Action == "interruption-notice");
    }

    [Fact]
    public async Task A_notice_with_an_unknown_source_is_400()
    {
        await _h.CreateAsync();
        await AddAsync("r-1", "us-east-2/i-0aaa", "replica-token-1");

        AdminHarness.Problem(
            await _h.SendAsync("POST", "/api/notices", """{"service": "demo", "replica_id": "r-1", "kind": "terminate", "source": "someone"}""", key: "replica-token-1"), 400);

        Assert.DoesNotContain(_h.Gateway.Calls, c => c.StartsWith("replica ", StringComparison.Ordinal));
    }

    private Task<ReplicaRecord> AddAsync(string id, string instanceId, string token, ReplicaStatus status = ReplicaStatus.Ready) =>
        _h.Store.AddReplicaAsync(AdminHarness.Replica(id, Market.Spot, 0.5m, status, AdminHarness.T0, token: token) with { InstanceId = instanceId }, "test");
}
