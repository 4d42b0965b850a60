using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.State;

[Collection(AzuriteCollection.Name)]
public sealed class ServiceAndLocationStoreTests(AzuriteFixture azurite)
{
    private static readonly Location East1a = new("aws", "us-east-1", "us-east-1a");
    private static readonly Location AzureEast = new("azure", "eastus", string.Empty);
    private readonly TestStores _t = new(azurite);

    [Fact]
    public async Task A_service_keeps_its_spec_text_and_versions_each_spec_change()
    {
        var yaml = await File.ReadAllTextAsync(RepoRoot.Combine("examples", "llama-spot.yaml"));
        var created = await _t.Store.CreateServiceAsync("llama-3-8b", yaml);
        Assert.Equal(new ServiceRecord("llama-3-8b", yaml, 1, ServiceStatus.Active, TestStores.T0, TestStores.T0), created);
        Assert.Equal(created, await _t.Store.GetServiceAsync("llama-3-8b"));

        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        var edited = yaml.Replace("min_replicas: 1", "min_replicas: 2", StringComparison.Ordinal) + "\n# edited\n";
        var v2 = await _t.Store.UpdateServiceAsync("llama-3-8b", s => s with { SpecYaml = edited, Version = 99, CreatedAt = default });
        Assert.Equal((edited, 2, TestStores.T0, TestStores.T0.AddMinutes(1)), (v2.SpecYaml, v2.Version, v2.CreatedAt, v2.UpdatedAt));

        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        var down = await _t.Store.UpdateServiceAsync("llama-3-8b", s => s with { Status = ServiceStatus.ShuttingDown });
        Assert.Equal((2, ServiceStatus.ShuttingDown, TestStores.T0.AddMinutes(2)), (down.Version, down.Status, down.UpdatedAt));

        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(down, await _t.Store.UpdateServiceAsync("llama-3-8b", s => s)); // nothing changed, nothing stamped
        Assert.Equal(down, await _t.Store.GetServiceAsync("llama-3-8b"));
    }

    [Fact]
    public async Task Services_are_listed_never_overwritten_and_deleted_idempotently()
    {
        await _t.Store.CreateServiceAsync("b-svc", "name: b-svc\n");
        await _t.Store.CreateServiceAsync("a-svc", "name: a-svc\n");

        await Assert.ThrowsAsync<StateAlreadyExistsException>(() => _t.Store.CreateServiceAsync("a-svc", "name: other\n"));
        await Assert.ThrowsAsync<StateNotFoundException>(() => _t.Store.UpdateServiceAsync("c-svc", s => s));
        Assert.Equal(["a-svc", "b-svc"], (await _t.Store.ListServicesAsync()).Select(s => s.Name));
        Assert.Equal("name: a-svc\n", (await _t.Store.GetServiceAsync("a-svc"))!.SpecYaml);

        Assert.True(await _t.Store.DeleteServiceAsync("a-svc"));
        Assert.False(await _t.Store.DeleteServiceAsync("a-svc"));
        Assert.Null(await _t.Store.GetServiceAsync("a-svc"));
    }

    [Fact]
    public async Task Locations_keep_state_count_and_a_bounded_history()
    {
        var t = new TestStores(azurite, historyLimit: 2);
        var t1 = TestStores.T0;
        var t2 = t1.AddMinutes(5);
        var t3 = new DateTimeOffset(t1.AddMinutes(9).DateTime, TimeSpan.FromHours(-5)); // any offset; stored as UTC

        await t.Store.UpdateLocationAsync("llama", East1a, l => l.WithPreemption(t1));
        await t.Store.UpdateLocationAsync("llama", East1a, l => l.WithPreemption(t3));
        var preempted = await t.Store.UpdateLocationAsync("llama", East1a, l => l.WithPreemption(t2));
        var other = await t.Store.UpdateLocationAsync("llama", AzureEast, l => l);

        Assert.Equal((LocationState.Preempted, 3, t3), (preempted.State, preempted.PreemptionCount, preempted.LastPreemptionTime));
        Assert.Equal([t2, t3], preempted.RecentPreemptions); // oldest dropped, oldest first
        Assert.Equal(LocationRecord.Initial("llama", AzureEast) with { RecentPreemptions = other.RecentPreemptions }, other);

        var reset = await t.Store.UpdateLocationAsync("llama", East1a, l => l with { State = LocationState.Active });
        var listed = await t.Store.ListLocationsAsync("llama");
        Assert.Equal(2, listed.Count);
        var stored = Assert.Single(listed, l => l.Location == East1a);
        Assert.Equal((LocationState.Active, 3, t3), (stored.State, stored.PreemptionCount, stored.LastPreemptionTime));
        Assert.Equal([t2, t3], stored.RecentPreemptions);
        Assert.Equal(reset.State, stored.State);
        Assert.Equal(LocationState.Active, Assert.Single(listed, l => l.Location == AzureEast).State);
        Assert.Empty(await t.Store.ListLocationsAsync("other-service"));
    }

    [Fact]
    public async Task Two_first_writers_of_a_location_both_count()
    {
        var writers = Enumerable.Range(0, 2).Select(i => Task.Run(() =>
            _t.Store.UpdateLocationAsync("llama", East1a, l => l.WithPreemption(TestStores.T0.AddSeconds(i)))));
        await Task.WhenAll(writers);

        var stored = Assert.Single(await _t.Store.ListLocationsAsync("llama"));
        Assert.Equal(2, stored.PreemptionCount);
        Assert.Equal(2, stored.RecentPreemptions.Count);
    }

    [Fact]
    public async Task Location_changes_cannot_move_the_row()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _t.Store.UpdateLocationAsync("llama", East1a, l => l with { Location = AzureEast }));
        await Assert.ThrowsAsync<ArgumentException>(
            () => _t.Store.UpdateLocationAsync("llama", new Location("aws", "us|east", "a"), l => l));
        Assert.Empty(await _t.Store.ListLocationsAsync("llama"));
    }
}
