using System.Text.Json;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Admin;

[Collection(AzuriteCollection.Name)]
public sealed class AdminReplicaTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = AdminHarness.T0;

    // On-demand price of g5.xlarge in the catalog the test injects; "odd.type" is unknown to it.
    private readonly AdminHarness _h = new(azurite, onDemandPrice: r => r.InstanceType == "g5.xlarge" ? 1.006m : null);

    [Fact]
    public async Task The_service_view_has_exactly_the_documented_shape()
    {
        await SeedAsync();
        var view = AdminHarness.Json(await _h.SendAsync("GET", "/api/services/demo"));

        Assert.Equal(["name", "version", "status", "spec", "replicas", "locations", "cost"], Keys(view));
        Assert.Equal(
            ["id", "version", "status", "cloud", "region", "zone", "market", "accelerator", "instance_type", "price_per_hour",
                "launched_at", "ready_at", "ended_at", "end_reason", "url"],
            Keys(view.GetProperty("replicas")[0]));
        Assert.Equal(["cloud", "region", "zone", "state", "preemptions"], Keys(view.GetProperty("locations")[0]));
        Assert.Equal(["spent", "spot", "on_demand", "on_demand_equivalent"], Keys(view.GetProperty("cost")));

        var a = view.GetProperty("replicas")[0];
        Assert.Equal(("r-a", 1, "preempted", "spot", "preempted"), (a.GetProperty("id").GetString(), a.GetProperty("version").GetInt32(),
            a.GetProperty("status").GetString(), a.GetProperty("market").GetString(), a.GetProperty("end_reason").GetString()));
        Assert.Equal(T0.AddHours(2), a.GetProperty("ended_at").GetDateTimeOffset());
        var b = view.GetProperty("replicas")[1];
        Assert.Equal(("ready", "on_demand", "http://10.0.0.5:8080"), (b.GetProperty("status").GetString(), b.GetProperty("market").GetString(), b.GetProperty("url").GetString()));
        Assert.Equal(JsonValueKind.Null, b.GetProperty("end_reason").ValueKind);
        Assert.Equal(1.5m, b.GetProperty("price_per_hour").GetDecimal());
        var location = view.GetProperty("locations")[0];
        Assert.Equal(("aws", "us-east-1", "us-east-1a", "preempted", 1), (location.GetProperty("cloud").GetString(), location.GetProperty("region").GetString(),
            location.GetProperty("zone").GetString(), location.GetProperty("state").GetString(), location.GetProperty("preemptions").GetInt32()));
    }

    [Fact]
    public async Task Cost_splits_spot_and_on_demand_and_prices_the_same_hours_on_demand()
    {
        await SeedAsync();
        var cost = AdminHarness.Json(await _h.SendAsync("GET", "/api/services/demo")).GetProperty("cost");

        // r-a: spot 0.5 $/h for 2 h (ended) = 1.0; r-c: spot 0.4 $/h for 3 h (running) = 1.2; r-b: on demand 1.5 $/h for 4 h = 6.0.
        Assert.Equal(2.2m, cost.GetProperty("spot").GetDecimal());
        Assert.Equal(6.0m, cost.GetProperty("on_demand").GetDecimal());
        Assert.Equal(8.2m, cost.GetProperty("spent").GetDecimal());

        // r-a at the looked-up 1.006 (2.012); r-b at its own 1.5 (6.0); r-c unknown to the lookup, so at the highest
        // on-demand A10G price the service paid, 1.5 (4.5).
        Assert.Equal(12.512m, cost.GetProperty("on_demand_equivalent").GetDecimal());
    }

    [Fact]
    public async Task Replicas_are_listed_read_and_404_when_unknown()
    {
        await SeedAsync();
        var list = AdminHarness.Json(await _h.SendAsync("GET", "/api/services/demo/replicas"));
        Assert.Equal(["r-a", "r-b", "r-c"], list.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("r-b", AdminHarness.Json(await _h.SendAsync("GET", "/api/services/demo/replicas/r-b")).GetProperty("id").GetString());

        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/demo/replicas/r-z"), 404);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/nope/replicas"), 404);
        AdminHarness.Problem(await _h.SendAsync("DELETE", "/api/services/demo/replicas/r-z"), 404);
    }

    [Fact]
    public async Task Deleting_a_replica_signals_terminate_and_records_who_asked()
    {
        await SeedAsync();
        var response = await _h.SendAsync("DELETE", "/api/services/demo/replicas/r-b");

        Assert.Equal(202, response.StatusCode);
        Assert.Contains("replica demo/r-b Terminate", _h.Gateway.Calls);
        var latest = (await _h.Store.ListEventsAsync("demo", 1))[0];
        Assert.Equal(("r-b", "admin:bootstrap", "terminate-requested"), (latest.ReplicaId, latest.Actor, latest.Action));

        // An ended replica is left alone.
        Assert.Equal(202, (await _h.SendAsync("DELETE", "/api/services/demo/replicas/r-a")).StatusCode);
        Assert.DoesNotContain("replica demo/r-a Terminate", _h.Gateway.Calls);
    }

    [Fact]
    public async Task Events_come_newest_first_and_max_is_validated()
    {
        await SeedAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.SendAsync("DELETE", "/api/services/demo/replicas/r-c");

        var events = AdminHarness.Json(await _h.SendAsync("GET", "/api/services/demo/events")).EnumerateArray().ToList();
        Assert.Equal(4, events.Count); // three creations, one termination request
        var times = events.Select(e => e.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal(("r-c", "terminate-requested"), (events[0].GetProperty("replica_id").GetString(), events[0].GetProperty("action").GetString()));
        Assert.Equal(
            ["time", "replica_id", "actor", "action", "from_status", "to_status", "reason", "detail"],
            Keys(events[0]));

        Assert.Equal(2, AdminHarness.Json(await _h.SendAsync("GET", "/api/services/demo/events?max=2")).GetArrayLength());
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/demo/events?max=0"), 400);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/demo/events?max=abc"), 400);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/nope/events"), 404);
    }

    /// <summary>Service demo at T0; replicas created a minute apart; the clock ends at T0 + 4 h.</summary>
    private async Task SeedAsync()
    {
        await _h.CreateAsync();
        await _h.Store.AddReplicaAsync(
            AdminHarness.Replica("r-a", Market.Spot, 0.5m, ReplicaStatus.Preempted, T0, T0.AddHours(2), reason: "preempted"), "test");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.Store.AddReplicaAsync(
            AdminHarness.Replica("r-b", Market.OnDemand, 1.5m, ReplicaStatus.Ready, T0, token: "token-b", address: "http://10.0.0.5:8080"), "test");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.Store.AddReplicaAsync(AdminHarness.Replica("r-c", Market.Spot, 0.4m, ReplicaStatus.Ready, T0.AddHours(1), instanceType: "odd.type"), "test");
        await _h.Store.UpdateLocationAsync("demo", new Location("aws", "us-east-1", "us-east-1a"), l => l.WithPreemption(T0.AddHours(2)));
        _h.Clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(2));
    }

    private static List<string> Keys(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];
}
