using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.State;

[Collection(AzuriteCollection.Name)]
public sealed class CountAndEventStoreTests(AzuriteFixture azurite)
{
    private readonly TestStores _t = new(azurite);

    [Fact]
    public async Task Concurrent_increments_from_two_writers_sum_exactly()
    {
        const int PerWriter = 40;
        var bucket = TestStores.T0.AddSeconds(10);
        var totals = new System.Collections.Concurrent.ConcurrentBag<long>();
        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                totals.Add(await _t.Store.IncrementRequestCountAsync("llama", bucket.AddSeconds(i % 10)));
            }
        }));
        await Task.WhenAll(writers);

        // Every increment saw a distinct total: none was lost and none counted twice.
        Assert.Equal(Enumerable.Range(1, 2 * PerWriter).Select(n => (long)n), totals.Order());
        Assert.Equal([new RequestCount(bucket, 2 * PerWriter)], await _t.Store.GetRequestCountsAsync("llama", TestStores.T0, TestStores.T0.AddMinutes(1)));
    }

    [Fact]
    public async Task Counts_are_kept_per_ten_seconds_and_read_by_range()
    {
        await _t.Store.IncrementRequestCountAsync("llama", TestStores.T0.AddSeconds(29.9), 5);
        await _t.Store.IncrementRequestCountAsync("llama", TestStores.T0, 3);
        await _t.Store.IncrementRequestCountAsync("llama", TestStores.T0.AddSeconds(9), 4);
        await _t.Store.IncrementRequestCountAsync("mistral", TestStores.T0, 100);

        Assert.Equal(
            [(TestStores.T0, 7L), (TestStores.T0.AddSeconds(20), 5L)],
            (await _t.Store.GetRequestCountsAsync("llama", TestStores.T0.AddSeconds(5), TestStores.T0.AddSeconds(30))).Select(c => (c.BucketStart, c.Count)));
        Assert.Equal(
            [(TestStores.T0, 7L)],
            (await _t.Store.GetRequestCountsAsync("llama", TestStores.T0, TestStores.T0.AddSeconds(20))).Select(c => (c.BucketStart, c.Count)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _t.Store.IncrementRequestCountAsync("llama", TestStores.T0, 0));
    }

    [Fact]
    public async Task Request_size_histograms_add_up_per_bucket()
    {
        await _t.Store.IncrementRequestCountAsync("llama", TestStores.T0, 3, new Dictionary<int, long> { [0] = 2, [7] = 1 });
        await _t.Store.IncrementRequestCountAsync("llama", TestStores.T0.AddSeconds(1), 2, new Dictionary<int, long> { [7] = 2 });
        await _t.Store.IncrementRequestCountAsync("llama", TestStores.T0.AddSeconds(2), 4);

        var row = Assert.Single(await _t.Store.GetRequestCountsAsync("llama", TestStores.T0, TestStores.T0.AddSeconds(10)));
        Assert.Equal(9, row.Count);
        Assert.Equal(new Dictionary<int, long> { [0] = 2, [7] = 3 }, row.Sizes);
    }

    [Fact]
    public async Task Events_come_back_newest_first()
    {
        await _t.Store.AddReplicaAsync(TestStores.Record(), "reconciler");
        var statuses = new[] { ReplicaStatus.Provisioning, ReplicaStatus.Starting, ReplicaStatus.Ready, ReplicaStatus.Draining };
        foreach (var status in statuses)
        {
            _t.Clock.Advance(TimeSpan.FromSeconds(10));
            var now = _t.Clock.GetUtcNow();
            await _t.Store.UpdateReplicaAsync("llama", "r-1", r => r.TransitionTo(status, now, $"to {status}"), "reconciler");
        }

        var notice = new ReplicaEvent("llama", "r-1", _t.Clock.GetUtcNow().AddSeconds(1), "notice-watcher", "interruption-notice", Reason: "aws spot/instance-action");
        await _t.Store.AppendEventAsync(notice);

        var events = await _t.Store.ListEventsAsync("llama");
        Assert.Equal(6, events.Count);
        Assert.Equal(notice, events[0]);
        Assert.Equal(events.Select(e => e.Time).OrderDescending(), events.Select(e => e.Time));
        Assert.Equal([ReplicaStatus.Draining, ReplicaStatus.Ready, ReplicaStatus.Starting, ReplicaStatus.Provisioning, ReplicaStatus.Pending],
            events.Skip(1).Select(e => e.ToStatus!.Value));
        Assert.Equal(ReplicaEventActions.Created, events[^1].Action);
        Assert.Equal(2, (await _t.Store.ListEventsAsync("llama", max: 2)).Count);
        Assert.Empty(await _t.Store.ListEventsAsync("other"));
    }
}
