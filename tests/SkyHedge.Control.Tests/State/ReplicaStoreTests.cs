using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.State;

[Collection(AzuriteCollection.Name)]
public sealed class ReplicaStoreTests(AzuriteFixture azurite)
{
    private readonly TestStores _t = new(azurite);

    public static TheoryData<string> Shapes => ["full", "sparse"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Every_field_round_trips(string shape)
    {
        // Non-UTC offsets and sub-millisecond ticks: the store keeps the instant exactly and returns it as UTC.
        var launch = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var record = shape == "full"
            ? new ReplicaRecord(
                new Replica("r-full", "llama", "gcp", "us-central1", "us-central1-a", "a2-highgpu-1g", "A100", Market.OnDemand, 3.6732123m,
                    ReplicaStatus.Terminated, launch, launch.AddMinutes(7), launch.AddHours(5).AddTicks(3), "scale down: über-quiet"),
                SpecVersion: 7, InstanceId: "i-0abc123", Address: "http://10.0.0.5:8080", ReplicaToken: "tok-s3cr3t", IdempotencyToken: "launch-r-full")
            : new ReplicaRecord(
                new Replica("r-sparse", "llama", "azure", "eastus", string.Empty, "Standard_NC4as_T4_v3", "T4", Market.Spot, 0m, ReplicaStatus.Pending),
                SpecVersion: 1);

        var added = await _t.Store.AddReplicaAsync(record, "test");
        var read = await _t.Store.GetReplicaAsync("llama", record.Id);

        Assert.Equal(record, added);
        Assert.Equal(record, read);
        Assert.All(new[] { read!.Replica.LaunchTime, read.Replica.ReadyTime, read.Replica.EndTime }.OfType<DateTimeOffset>(), t => Assert.Equal(TimeSpan.Zero, t.Offset));
        Assert.Equal(record.Replica.LaunchTime?.UtcTicks, read.Replica.LaunchTime?.UtcTicks);
        Assert.Equal([record], await _t.Store.ListReplicasAsync("llama"));
        Assert.Null(await _t.Store.GetReplicaAsync("llama", "missing"));
    }

    [Fact]
    public async Task Lists_replicas_per_service_and_across_services()
    {
        await _t.Store.AddReplicaAsync(TestStores.Record("r-1"), "test");
        await _t.Store.AddReplicaAsync(TestStores.Record("r-2"), "test");
        await _t.Store.AddReplicaAsync(TestStores.Record("r-1", service: "mistral"), "test");

        Assert.Equal(["r-1", "r-2"], (await _t.Store.ListReplicasAsync("llama")).Select(r => r.Id));
        Assert.Equal(["llama/r-1", "llama/r-2", "mistral/r-1"], (await _t.Store.ListAllReplicasAsync()).Select(r => $"{r.Service}/{r.Id}").Order());
    }

    [Fact]
    public async Task Inserting_an_existing_id_throws_and_does_not_overwrite()
    {
        var first = TestStores.Record();
        await _t.Store.AddReplicaAsync(first, "test");
        var impostor = first with { Replica = first.Replica with { Region = "eu-west-1", HourlyPrice = 9m }, InstanceId = "i-other" };

        var ex = await Assert.ThrowsAsync<StateAlreadyExistsException>(() => _t.Store.AddReplicaAsync(impostor, "test"));

        Assert.Equal("replica llama/r-1", ex.What);
        Assert.Equal(first, await _t.Store.GetReplicaAsync("llama", "r-1"));
        Assert.Single(await _t.Store.ListEventsAsync("llama"));
    }

    [Fact]
    public async Task Update_runs_the_transition_and_records_who_and_why()
    {
        await _t.Store.AddReplicaAsync(TestStores.Record(), "reconciler");
        _t.Clock.Advance(TimeSpan.FromSeconds(5));
        var now = _t.Clock.GetUtcNow();

        var updated = await _t.Store.UpdateReplicaAsync("llama", "r-1", r => r.TransitionTo(ReplicaStatus.Provisioning, now, "launch"), "launch-activity");

        Assert.Equal(ReplicaStatus.Provisioning, updated.Replica.Status);
        Assert.Equal(now, updated.Replica.LaunchTime);
        Assert.Equal(updated, await _t.Store.GetReplicaAsync("llama", "r-1"));
        var latest = (await _t.Store.ListEventsAsync("llama"))[0];
        Assert.Equal(
            new ReplicaEvent("llama", "r-1", now, "launch-activity", ReplicaEventActions.StatusChanged, ReplicaStatus.Pending, ReplicaStatus.Provisioning,
                "launch", "LaunchTime,Reason,Status"),
            latest);
    }

    [Theory]
    [InlineData(ReplicaStatus.Ready, ReplicaStatus.Pending)]
    [InlineData(ReplicaStatus.Terminated, ReplicaStatus.Ready)]
    [InlineData(ReplicaStatus.Pending, ReplicaStatus.FailedProvision)]
    public async Task An_invalid_transition_throws_and_leaves_the_row_unchanged(ReplicaStatus from, ReplicaStatus to)
    {
        var original = TestStores.Record(status: from) with { InstanceId = "i-1" };
        await _t.Store.AddReplicaAsync(original, "test");
        var etag = (await _t.RawTable("Replicas").GetEntityAsync<Azure.Data.Tables.TableEntity>("llama", "r-1")).Value.ETag;

        // Both ways a caller can ask for it: a raw status edit (checked by the store) and the domain method.
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _t.Store.UpdateReplicaRecordAsync("llama", "r-1", r => r with { Replica = r.Replica with { Status = to }, InstanceId = "i-2" }, "test"));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _t.Store.UpdateReplicaAsync("llama", "r-1", r => r.TransitionTo(to, TestStores.T0), "test"));

        Assert.Contains($"from {from} to {to}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(original, await _t.Store.GetReplicaAsync("llama", "r-1"));
        Assert.Equal(etag, (await _t.RawTable("Replicas").GetEntityAsync<Azure.Data.Tables.TableEntity>("llama", "r-1")).Value.ETag);
        Assert.Single(await _t.Store.ListEventsAsync("llama"));
    }

    [Fact]
    public async Task A_change_that_alters_nothing_writes_nothing()
    {
        await _t.Store.AddReplicaAsync(TestStores.Record(), "test");
        var etag = (await _t.RawTable("Replicas").GetEntityAsync<Azure.Data.Tables.TableEntity>("llama", "r-1")).Value.ETag;

        await _t.Store.UpdateReplicaRecordAsync("llama", "r-1", r => r with { IdempotencyToken = "launch-r-1" }, "replayed-activity");

        Assert.Equal(etag, (await _t.RawTable("Replicas").GetEntityAsync<Azure.Data.Tables.TableEntity>("llama", "r-1")).Value.ETag);
        Assert.Single(await _t.Store.ListEventsAsync("llama"));
    }

    [Fact]
    public async Task Updates_refuse_missing_rows_and_key_changes()
    {
        await Assert.ThrowsAsync<StateNotFoundException>(() => _t.Store.UpdateReplicaAsync("llama", "nope", r => r, "test"));
        await _t.Store.AddReplicaAsync(TestStores.Record(), "test");
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _t.Store.UpdateReplicaAsync("llama", "r-1", r => r with { Id = "r-9" }, "test"));
        await Assert.ThrowsAsync<ArgumentException>(() => _t.Store.AddReplicaAsync(TestStores.Record("bad/id"), "test"));
        Assert.Null(await _t.Store.GetReplicaAsync("llama", "r-9"));
    }

    [Fact]
    public void The_token_is_compared_in_constant_time_and_never_printed()
    {
        var record = TestStores.Record() with { ReplicaToken = "tok-s3cr3t" };
        Assert.True(record.MatchesToken("tok-s3cr3t"));
        Assert.False(record.MatchesToken("tok-s3cr3"));
        Assert.False(TestStores.Record().MatchesToken(null));
        Assert.DoesNotContain("s3cr3t", record.ToString(), StringComparison.Ordinal);
        Assert.Contains("ReplicaToken = ***", record.ToString(), StringComparison.Ordinal);
    }
}
