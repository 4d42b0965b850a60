using Azure.Data.Tables;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Routing;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Admin;

[Collection(AzuriteCollection.Name)]
public sealed class AdminRoutingTests(AzuriteFixture azurite)
{
    private const string Path = "/api/services/demo/routing";

    // Aliases and spacing on the way in; canonical ids and compact JSON on the way out.
    private const string Table = """
        [
          {"input": [0, 256], "output": [0, null], "pool": "a10g"},
          {"input": [256, null], "output": [0, 512], "pool": "A100-80GB"}
        ]
        """;

    private const string Stored = """[{"input":[0,256],"output":[0,null],"pool":"A10G"},{"input":[256,null],"output":[0,512],"pool":"A100-80GB"}]""";

    private readonly AdminHarness _h = new(azurite);

    [Fact]
    public async Task A_table_round_trips_in_its_canonical_form_and_is_stored_on_the_service_row()
    {
        await _h.CreateAsync();
        var none = await _h.SendAsync("GET", Path);
        Assert.Equal((200, "application/json", "[]"), (none.StatusCode, none.ContentType, none.Body));

        var put = await _h.SendAsync("PUT", Path, Table, "application/json");
        Assert.Equal((200, "application/json", Stored), (put.StatusCode, put.ContentType, put.Body));
        Assert.Equal(Stored, (await _h.SendAsync("GET", Path)).Body);
        Assert.Equal(Stored, _h.RawTable("Services").GetEntity<TableEntity>("service", "demo").Value.GetString("Routing"));

        // What the router reads back parses to the same rules.
        var table = RoutingTable.Parse((await _h.Store.GetServiceAsync("demo"))!.Routing);
        Assert.Equal(["A10G", "A100-80GB"], table.Pools);
        Assert.Equal("A100-80GB", table.Lookup(300, 100));

        // Routing is not the spec: no controller call.
        Assert.Equal(["start demo"], _h.Gateway.Calls);
    }

    [Fact]
    public async Task Deleting_clears_the_table_with_204_and_leaves_no_column()
    {
        await _h.CreateAsync();
        Assert.Equal(200, (await _h.SendAsync("PUT", Path, Table, "application/json")).StatusCode);

        var deleted = await _h.SendAsync("DELETE", Path);
        Assert.Equal((204, null, string.Empty), (deleted.StatusCode, deleted.ContentType, deleted.Body));
        Assert.Equal("[]", (await _h.SendAsync("GET", Path)).Body);
        Assert.Null(_h.RawTable("Services").GetEntity<TableEntity>("service", "demo").Value.GetString("Routing"));
        Assert.Equal(204, (await _h.SendAsync("DELETE", Path)).StatusCode); // clearing again is fine

        // An empty list is the same as no table.
        Assert.Equal("[]", (await _h.SendAsync("PUT", Path, "[]", "application/json")).Body);
        Assert.Null((await _h.Store.GetServiceAsync("demo"))!.Routing);
    }

    [Theory]
    [InlineData("""[{"input": [5, 5], "pool": "A10G"}]""", "routing[0].input: expected [lo, hi] with 0 ≤ lo < hi")]
    [InlineData("""[{"input": [0, 256], "pool": "A10G"}, {"output": [512, 100], "pool": "A10G"}]""", "routing[1].output: expected [lo, hi]")]
    [InlineData("""[{"input": [0, 256], "pool": "Z80"}]""", "routing[0].pool: unknown GPU 'Z80'; known: ")]
    [InlineData("""[{"input": [0, 256], "pool": "A10G", "weight": 2}]""", "routing[0]: unknown key 'weight'")]
    [InlineData("""{"input": [0, 256], "pool": "A10G"}""", "routing: expected a list of")]
    [InlineData("[{\"input\": [0, 256], \"pool\": \"A10G\"", "routing: not valid JSON")]
    [InlineData("  ", "routing: expected a JSON list")]
    public async Task A_bad_table_is_400_with_the_parsers_message_and_nothing_changes(string body, string message)
    {
        await _h.CreateAsync();
        Assert.Equal(200, (await _h.SendAsync("PUT", Path, Stored, "application/json")).StatusCode);

        var problem = AdminHarness.Problem(await _h.SendAsync("PUT", Path, body, "application/json"), 400);

        Assert.Equal("urn:skyhedge:problem:invalid-routing", problem.GetProperty("type").GetString());
        Assert.StartsWith(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(Stored, (await _h.Store.GetServiceAsync("demo"))!.Routing);
    }

    [Fact]
    public async Task Overlapping_rules_are_accepted_the_first_match_wins()
    {
        await _h.CreateAsync();
        var put = await _h.SendAsync("PUT", Path, """[{"input": [0, 1000], "pool": "A10G"}, {"input": [500, null], "pool": "H100"}]""");

        Assert.Equal(200, put.StatusCode);
        Assert.Equal("A10G", RoutingTable.Parse(put.Body).Lookup(600, 10));
    }

    [Fact]
    public async Task Unknown_services_are_404_and_a_non_JSON_content_type_is_415()
    {
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/nope/routing"), 404);
        AdminHarness.Problem(await _h.SendAsync("PUT", "/api/services/nope/routing", Table, "application/json"), 404);
        AdminHarness.Problem(await _h.SendAsync("DELETE", "/api/services/nope/routing"), 404);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/Not%23A%2FName/routing"), 404);

        await _h.CreateAsync();
        AdminHarness.Problem(await _h.SendAsync("PUT", Path, Table, "application/yaml"), 415);
        var post = AdminHarness.Problem(await _h.SendAsync("POST", Path, Table, "application/json"), 405);
        Assert.Contains("GET, PUT, DELETE", post.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null((await _h.Store.GetServiceAsync("demo"))!.Routing);
    }

    [Fact]
    public async Task Every_routing_method_needs_an_admin_key()
    {
        await _h.CreateAsync();
        var inference = AdminHarness.Json(await _h.SendAsync("POST", "/api/keys", """{"scope": "inference"}""")).GetProperty("key").GetString();

        foreach (var method in new[] { "GET", "PUT", "DELETE" })
        {
            AdminHarness.Problem(await _h.SendAsync(method, Path, Table, "application/json", key: null), 401);
            AdminHarness.Problem(await _h.SendAsync(method, Path, Table, "application/json", key: "sk-not-a-real-key"), 401);
            AdminHarness.Problem(await _h.SendAsync(method, Path, Table, "application/json", key: inference), 403);
        }

        Assert.Null((await _h.Store.GetServiceAsync("demo"))!.Routing);
    }

    [Fact]
    public async Task A_routing_update_keeps_the_version_and_a_spec_update_keeps_the_routing()
    {
        await _h.CreateAsync();
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var before = await _h.Store.GetServiceAsync("demo");

        Assert.Equal(200, (await _h.SendAsync("PUT", Path, Table, "application/json")).StatusCode);
        var routed = (await _h.Store.GetServiceAsync("demo"))!;
        Assert.Equal((1, AdminHarness.Spec), (routed.Version, routed.SpecYaml));
        Assert.True(routed.UpdatedAt > before!.UpdatedAt, "a routing change is a stored change (the ETag moves)");

        // The same table again writes nothing.
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await _h.SendAsync("PUT", Path, Stored, "application/json")).StatusCode);
        Assert.Equal(routed.UpdatedAt, (await _h.Store.GetServiceAsync("demo"))!.UpdatedAt);

        var edited = AdminHarness.Spec + "\nservice:\n  replica_policy:\n    min_replicas: 2\n";
        Assert.Equal(200, (await _h.SendAsync("PUT", "/api/services/demo", edited, "application/yaml")).StatusCode);
        var updated = (await _h.Store.GetServiceAsync("demo"))!;
        Assert.Equal((2, Stored), (updated.Version, updated.Routing));
        Assert.Equal(Stored, (await _h.SendAsync("GET", Path)).Body);
    }

    [Fact]
    public async Task A_service_being_deleted_keeps_its_table()
    {
        await _h.CreateAsync();
        Assert.Equal(200, (await _h.SendAsync("PUT", Path, Table, "application/json")).StatusCode);
        Assert.Equal(202, (await _h.SendAsync("DELETE", "/api/services/demo")).StatusCode);

        AdminHarness.Problem(await _h.SendAsync("PUT", Path, "[]", "application/json"), 409);
        AdminHarness.Problem(await _h.SendAsync("DELETE", Path), 409);
        Assert.Equal(Stored, (await _h.SendAsync("GET", Path)).Body);
    }
}
