using Azure.Data.Tables;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Admin;

[Collection(AzuriteCollection.Name)]
public sealed class AdminAuthTests(AzuriteFixture azurite)
{
    private readonly AdminHarness _h = new(azurite);

    [Fact]
    public async Task No_key_is_401_with_a_bearer_challenge_and_a_wrong_key_is_401()
    {
        var none = await _h.SendAsync("GET", "/api/services", key: null);
        AdminHarness.Problem(none, 401);
        Assert.Equal("Bearer", none.Headers["WWW-Authenticate"]);

        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services", key: "sk-not-a-real-key"), 401);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services", key: AdminHarness.BootstrapKey + "x"), 401);
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/services", AdminHarness.Spec, "application/yaml", key: null), 401);
        Assert.Empty(await _h.Store.ListServicesAsync());
    }

    [Fact]
    public async Task The_functions_key_header_is_accepted()
    {
        var response = await _h.SendAsync("GET", "/api/services", key: null, headers: ("X-Functions-Key", AdminHarness.BootstrapKey));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("[]", response.Body);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_stored_only_as_a_hash_and_works_until_revoked()
    {
        var created = await _h.SendAsync("POST", "/api/keys", """{"scope": "admin", "description": "ci pipeline"}""", "application/json");
        Assert.Equal(201, created.StatusCode);
        var body = AdminHarness.Json(created);
        Assert.Equal(["id", "key", "scope"], body.EnumerateObject().Select(p => p.Name));
        var (id, key) = (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
        Assert.Equal("admin", body.GetProperty("scope").GetString());
        Assert.Matches("^sk-[A-Za-z0-9_-]{43}$", key);

        var row = _h.RawTable("Keys").GetEntity<TableEntity>("key", id).Value;
        Assert.DoesNotContain(((IDictionary<string, object>)row).Values, v => v is string s && s.Contains(key[3..], StringComparison.Ordinal));
        Assert.Equal(64, row.GetString("Hash").Length);
        Assert.Equal("ci pipeline", row.GetString("Description"));

        Assert.Equal(200, (await _h.SendAsync("GET", "/api/services", key: key)).StatusCode);
        Assert.Equal(204, (await _h.SendAsync("DELETE", $"/api/keys/{id}", key: key)).StatusCode);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services", key: key), 401);
        Assert.Equal(204, (await _h.SendAsync("DELETE", $"/api/keys/{id}")).StatusCode); // revoking again is fine
    }

    [Fact]
    public async Task An_inference_key_is_403_on_admin_routes()
    {
        var key = AdminHarness.Json(await _h.SendAsync("POST", "/api/keys", """{"scope": "inference"}""")).GetProperty("key").GetString();

        var body = AdminHarness.Problem(await _h.SendAsync("GET", "/api/services", key: key), 403);
        Assert.Contains("inference", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/keys", """{"scope": "admin"}""", key: key), 403);
    }

    [Fact]
    public async Task Key_requests_are_validated_and_unknown_or_bootstrap_ids_cannot_be_revoked()
    {
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/keys", """{"scope": "root"}"""), 400);
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/keys", """{"description": "x"}"""), 400);
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/keys", """{"scope": "admin", "extra": 1}"""), 400);
        var broken = AdminHarness.Problem(await _h.SendAsync("POST", "/api/keys", "{\n  \"scope\": admin\n}"), 400);
        var error = Assert.Single(broken.GetProperty("errors").EnumerateArray());
        Assert.Equal((2, 12), (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32()));

        AdminHarness.Problem(await _h.SendAsync("DELETE", "/api/keys/key-0123456789abcdef"), 404);
        AdminHarness.Problem(await _h.SendAsync("DELETE", "/api/keys/whatever"), 404);
        AdminHarness.Problem(await _h.SendAsync("DELETE", "/api/keys/bootstrap"), 409);
    }

    [Fact]
    public async Task A_notice_with_the_replicas_token_signals_an_interruption_notice()
    {
        await _h.CreateAsync();
        await _h.Store.AddReplicaAsync(
            AdminHarness.Replica("r-1", Market.Spot, 0.5m, ReplicaStatus.Ready, AdminHarness.T0, token: "replica-token-1"), "test");
        const string notice = """{"service": "demo", "replica_id": "r-1", "kind": "preemption"}""";
        _h.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await _h.SendAsync("POST", "/api/notices", notice, "application/json", key: "replica-token-1");

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("interruption_notice", AdminHarness.Json(response).GetProperty("signal").GetString());
        Assert.Contains("replica demo/r-1 InterruptionNotice", _h.Gateway.Calls);
        var latest = (await _h.Store.ListEventsAsync("demo", 1))[0];
        Assert.Equal(("notice-watcher", "interruption-notice", "preemption"), (latest.Actor, latest.Action, latest.Reason));
    }

    [Fact]
    public async Task A_notice_with_a_wrong_or_missing_token_is_401_and_signals_nothing()
    {
        await _h.CreateAsync();
        await _h.Store.AddReplicaAsync(
            AdminHarness.Replica("r-1", Market.Spot, 0.5m, ReplicaStatus.Ready, AdminHarness.T0, token: "replica-token-1"), "test");
        await _h.Store.AddReplicaAsync(
            AdminHarness.Replica("r-2", Market.Spot, 0.5m, ReplicaStatus.Ready, AdminHarness.T0, token: "replica-token-2"), "test");
        const string notice = """{"service": "demo", "replica_id": "r-1", "kind": "preemption"}""";

        AdminHarness.Problem(await _h.SendAsync("POST", "/api/notices", notice, key: "replica-token-2"), 401); // another replica's token
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/notices", notice, key: AdminHarness.BootstrapKey), 401); // admin keys are not replica tokens
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/notices", notice, key: null), 401);
        AdminHarness.Problem(
            await _h.SendAsync("POST", "/api/notices", """{"service": "demo", "replica_id": "r-9", "kind": "preemption"}""", key: "replica-token-1"), 401);
        AdminHarness.Problem(
            await _h.SendAsync("POST", "/api/notices", """{"service": "demo", "replica_id": "r-1", "kind": "reboot"}""", key: "replica-token-1"), 400);
        Assert.DoesNotContain(_h.Gateway.Calls, c => c.StartsWith("replica ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_wrong_methods_are_405_with_Allow()
    {
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/nothing"), 404);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/demo/replicas/r-1/extra"), 404);

        var wrong = await _h.SendAsync("PATCH", "/api/services/demo");
        var body = AdminHarness.Problem(wrong, 405);
        Assert.Equal("GET, PUT, DELETE", wrong.Headers["Allow"]);
        Assert.Contains("GET, PUT, DELETE", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("POST", (await _h.SendAsync("GET", "/api/keys")).Headers["Allow"]);
    }

    [Fact]
    public async Task Paths_tolerate_a_trailing_slash_case_and_a_query_string()
    {
        await _h.CreateAsync();
        Assert.Equal(200, (await _h.SendAsync("GET", "/api/Services/demo/")).StatusCode);
        Assert.Equal(200, (await _h.SendAsync("get", "/api/services?verbose=1")).StatusCode);
    }
}
