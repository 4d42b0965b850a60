using Azure;
using Azure.Data.Tables;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.State;

/// <summary>Two writers, one replica row: the loser of the race re-reads and re-applies its change (HTTP 412),
/// so both changes land. The first test shows the race is real: without ETags one change is lost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplicaConcurrencyTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(30);
    private readonly TestStores _t = new(azurite);

    [Fact]
    public async Task A_blind_overwrite_loses_an_update_and_an_etag_write_is_refused()
    {
        await _t.Store.AddReplicaAsync(TestStores.Record(status: ReplicaStatus.Starting), "test");
        var table = _t.RawTable("Replicas");
        var seenByA = (await table.GetEntityAsync<TableEntity>("llama", "r-1")).Value;
        var seenByB = (await table.GetEntityAsync<TableEntity>("llama", "r-1")).Value;
        seenByA["InstanceId"] = "i-123";
        seenByB["Status"] = nameof(ReplicaStatus.Ready);

        await table.UpdateEntityAsync(seenByA, ETag.All, TableUpdateMode.Replace);
        await table.UpdateEntityAsync(seenByB, ETag.All, TableUpdateMode.Replace);
        var blind = await _t.Store.GetReplicaAsync("llama", "r-1");
        Assert.Equal(ReplicaStatus.Ready, blind!.Replica.Status);
        Assert.Null(blind.InstanceId); // writer A's change is gone: this is what the store must prevent

        var stale = (await table.GetEntityAsync<TableEntity>("llama", "r-1")).Value;
        await table.UpdateEntityAsync(stale, stale.ETag, TableUpdateMode.Replace);
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(stale, stale.ETag, TableUpdateMode.Replace));
        Assert.Equal(412, refused.Status);
    }

    [Fact]
    public async Task Two_writers_forced_into_a_race_both_land()
    {
        await _t.Store.AddReplicaAsync(TestStores.Record(status: ReplicaStatus.Starting), "test");
        var readyAt = TestStores.T0.AddMinutes(3);
        using var barrier = new Barrier(2);
        int callsA = 0, callsB = 0;

        // Each writer's first attempt waits at the barrier after reading, so both hold the same ETag when they write.
        var a = Task.Run(() => _t.Store.UpdateReplicaRecordAsync(
            "llama", "r-1", r => Rendezvous(ref callsA, barrier, r with { InstanceId = "i-123", Address = "http://10.0.0.5:8080" }), "launch-activity"));
        var b = Task.Run(() => _t.Store.UpdateReplicaAsync(
            "llama", "r-1", r => Rendezvous(ref callsB, barrier, r.TransitionTo(ReplicaStatus.Ready, readyAt, "probe passed")), "prober"));
        await Task.WhenAll(a, b);

        Assert.Equal(3, callsA + callsB); // one writer lost the race and re-applied its change once
        var final = (await _t.Store.GetReplicaAsync("llama", "r-1"))!;
        Assert.Equal(("i-123", "http://10.0.0.5:8080"), (final.InstanceId, final.Address));
        Assert.Equal((ReplicaStatus.Ready, readyAt, "probe passed"), (final.Replica.Status, final.Replica.ReadyTime, final.Replica.Reason));
        var events = await _t.Store.ListEventsAsync("llama");
        Assert.Equal(3, events.Count); // created + one per committed change, none for the lost attempt
        Assert.Contains(events, e => e.Actor == "prober" && e.FromStatus == ReplicaStatus.Starting && e.ToStatus == ReplicaStatus.Ready);
        Assert.Contains(events, e => e.Actor == "launch-activity" && e.Detail == "Address,InstanceId");
    }

    [Fact]
    public async Task The_loser_gives_up_after_the_attempt_bound_without_writing()
    {
        var t = new TestStores(azurite, maxAttempts: 1);
        await t.Store.AddReplicaAsync(TestStores.Record(), "test");
        using var barrier = new Barrier(2);
        int callsA = 0, callsB = 0;

        var a = Task.Run(() => t.Store.UpdateReplicaRecordAsync("llama", "r-1", r => Rendezvous(ref callsA, barrier, r with { InstanceId = "i-a" }), "a"));
        var b = Task.Run(() => t.Store.UpdateReplicaRecordAsync("llama", "r-1", r => Rendezvous(ref callsB, barrier, r with { Address = "http://b" }), "b"));
        var outcomes = await Task.WhenAll(Settle(a), Settle(b));

        var conflict = Assert.IsType<StateConflictException>(Assert.Single(outcomes, o => o is not null));
        Assert.Equal(1, conflict.Attempts);
        var final = (await t.Store.GetReplicaAsync("llama", "r-1"))!;
        Assert.True((final.InstanceId is null) != (final.Address is null), "exactly one of the two changes landed");
    }

    [Fact]
    public async Task Many_contended_updates_of_different_fields_all_land()
    {
        await _t.Store.AddReplicaAsync(TestStores.Record(), "test");
        const int Rounds = 20;

        var a = Task.Run(async () =>
        {
            for (var i = 1; i <= Rounds; i++)
            {
                var n = i;
                await _t.Store.UpdateReplicaRecordAsync("llama", "r-1", r => r with { InstanceId = $"i-{n}" }, "a");
            }
        });
        var b = Task.Run(async () =>
        {
            for (var i = 1; i <= Rounds; i++)
            {
                var n = i;
                await _t.Store.UpdateReplicaRecordAsync("llama", "r-1", r => r with { Address = $"http://10.0.0.{n}:8080" }, "b");
            }
        });
        await Task.WhenAll(a, b);

        var final = (await _t.Store.GetReplicaAsync("llama", "r-1"))!;
        Assert.Equal(($"i-{Rounds}", $"http://10.0.0.{Rounds}:8080"), (final.InstanceId, final.Address));
        Assert.Equal(1 + (2 * Rounds), (await _t.Store.ListEventsAsync("llama", max: 1000)).Count);
    }

    private static T Rendezvous<T>(ref int calls, Barrier barrier, T result)
    {
        if (Interlocked.Increment(ref calls) == 1 && !barrier.SignalAndWait(BarrierTimeout))
        {
            throw new TimeoutException("the other writer never reached the barrier");
        }

        return result;
    }

    private static async Task<Exception?> Settle(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (StateConflictException ex)
        {
            return ex;
        }
    }
}
