using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Admin;

[Collection(AzuriteCollection.Name)]
public sealed class AdminServiceTests(AzuriteFixture azurite)
{
    private readonly AdminHarness _h = new(azurite);

    [Fact]
    public async Task Creating_a_service_stores_version_1_starts_its_controller_and_answers_201_with_its_view()
    {
        var yaml = await File.ReadAllTextAsync(RepoRoot.Combine("examples", "llama-spot.yaml"));
        var response = await _h.SendAsync("POST", "/api/services", yaml, "application/yaml; charset=utf-8");

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("/api/services/llama-3-8b", response.Headers["Location"]);
        var body = AdminHarness.Json(response);
        Assert.Equal(("llama-3-8b", 1, "active"), (body.GetProperty("name").GetString(), body.GetProperty("version").GetInt32(), body.GetProperty("status").GetString()));
        var spec = body.GetProperty("spec");
        Assert.Equal(8080, spec.GetProperty("resources").GetProperty("ports").GetInt32());
        Assert.True(spec.GetProperty("resources").GetProperty("use_spot").GetBoolean());
        Assert.Equal(2.5m, spec.GetProperty("service").GetProperty("replica_policy").GetProperty("target_qps_per_replica").GetDecimal());
        Assert.Equal(JsonValueKind.Null, spec.GetProperty("envs").GetProperty("HF_TOKEN").ValueKind);
        Assert.Equal(["start llama-3-8b"], _h.Gateway.Calls);
        Assert.Equal(yaml, (await _h.Store.GetServiceAsync("llama-3-8b"))!.SpecYaml); // stored as submitted
    }

    [Fact]
    public async Task A_JSON_spec_is_accepted_and_stored_as_sent()
    {
        const string json = """{"name": "demo-json", "resources": {"accelerators": "A10G:1", "ports": 8080, "use_spot": true}}""";
        var response = await _h.SendAsync("POST", "/api/services", json, "application/json");

        Assert.Equal(201, response.StatusCode);
        var body = AdminHarness.Json(response);
        Assert.Equal("demo-json", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("spec").GetProperty("resources").GetProperty("use_spot").GetBoolean());
        Assert.Equal(json, (await _h.Store.GetServiceAsync("demo-json"))!.SpecYaml);
    }

    [Fact]
    public async Task A_bad_spec_is_400_with_the_line_and_column_of_each_error_and_nothing_is_stored()
    {
        const string yaml = "name: demo\nresources:\n  ports: 8080\nservice:\n  replica_policy:\n    min_replicas: abc\n";
        var body = AdminHarness.Problem(await _h.SendAsync("POST", "/api/services", yaml, "text/yaml"), 400);

        Assert.Equal("urn:skyhedge:problem:invalid-spec", body.GetProperty("type").GetString());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(("spec.yaml", 6, 19), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32()));
        Assert.Contains("min_replicas", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("expected", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _h.Store.ListServicesAsync());
        Assert.Empty(_h.Gateway.Calls);
    }

    [Fact]
    public async Task A_bad_JSON_spec_points_into_the_JSON_both_for_syntax_and_for_spec_errors()
    {
        var syntax = AdminHarness.Problem(await _h.SendAsync("POST", "/api/services", "{\n  \"name\": \"demo\",\n  \"resources\": {\"ports\": 80,}\n}", "application/json"), 400);
        var s = Assert.Single(syntax.GetProperty("errors").EnumerateArray());
        Assert.Equal(("spec.json", 3, 29), (s.GetProperty("file").GetString(), s.GetProperty("line").GetInt32(), s.GetProperty("column").GetInt32()));

        var spec = AdminHarness.Problem(await _h.SendAsync("POST", "/api/services", "{\n  \"name\": \"demo\",\n  \"resources\": {\"portz\": 80}\n}", "application/json"), 400);
        var e = Assert.Single(spec.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, 17), (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetInt32()));
        Assert.Contains("unknown key", e.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_content_types_and_oversized_specs_are_refused()
    {
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/services", AdminHarness.Spec, "application/xml"), 415);
        AdminHarness.Problem(await _h.SendAsync("POST", "/api/services", AdminHarness.Spec + "\n#" + new string('x', 40_000), "application/yaml"), 413);
        Assert.Empty(await _h.Store.ListServicesAsync());
    }

    [Fact]
    public async Task Creating_the_same_service_twice_is_409_and_keeps_the_first()
    {
        await _h.CreateAsync();
        var body = AdminHarness.Problem(await _h.SendAsync("POST", "/api/services", AdminHarness.Spec + "\n# second\n", "application/yaml"), 409);

        Assert.Contains("already exists", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(AdminHarness.Spec, (await _h.Store.GetServiceAsync("demo"))!.SpecYaml);
    }

    [Fact]
    public async Task Listing_and_reading_services_and_404_for_unknown_names()
    {
        await _h.CreateAsync();
        await _h.CreateAsync(AdminHarness.Spec.Replace("name: demo", "name: alpha", StringComparison.Ordinal));

        var list = AdminHarness.Json(await _h.SendAsync("GET", "/api/services"));
        Assert.Equal(["alpha", "demo"], list.EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var one = await _h.SendAsync("GET", "/api/services/demo");
        Assert.Equal(200, one.StatusCode);
        Assert.Equal(ServiceViewTag(await _h.Store.GetServiceAsync("demo")), one.Headers["ETag"]);

        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/nope"), 404);
        AdminHarness.Problem(await _h.SendAsync("GET", "/api/services/Not%23A%2FName"), 404);
    }

    [Fact]
    public async Task Updating_stores_a_new_version_and_signals_the_controller()
    {
        await _h.CreateAsync();
        var edited = AdminHarness.Spec + "\nservice:\n  replica_policy:\n    min_replicas: 2\n";
        var response = await _h.SendAsync("PUT", "/api/services/demo", edited, "application/yaml");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, AdminHarness.Json(response).GetProperty("version").GetInt32());
        Assert.Equal(["start demo", "start demo", "signal demo SpecUpdated"], _h.Gateway.Calls);

        // The same text again: no new version.
        Assert.Equal(2, AdminHarness.Json(await _h.SendAsync("PUT", "/api/services/demo", edited, "application/yaml")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Updating_a_missing_service_is_404_and_renaming_is_400_at_the_name()
    {
        AdminHarness.Problem(await _h.SendAsync("PUT", "/api/services/demo", AdminHarness.Spec, "application/yaml"), 404);

        await _h.CreateAsync();
        var renamed = AdminHarness.Problem(await _h.SendAsync("PUT", "/api/services/demo", "# renamed\nname: other\n", "application/yaml"), 400);
        var error = Assert.Single(renamed.GetProperty("errors").EnumerateArray());
        Assert.Equal((2, 7), (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32()));
        AdminHarness.Problem(await _h.SendAsync("PUT", "/api/services/demo", "name: demo\nbogus: 1\n", "application/yaml"), 400);
    }

    [Fact]
    public async Task A_stale_If_Match_is_409_and_the_current_one_succeeds()
    {
        var created = await _h.CreateAsync();
        var tag = created.Headers["ETag"];
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await _h.SendAsync("PUT", "/api/services/demo", AdminHarness.Spec + "\n# a\n", "application/yaml", headers: ("If-Match", tag))).StatusCode);

        var stale = await _h.SendAsync("PUT", "/api/services/demo", AdminHarness.Spec + "\n# b\n", "application/yaml", headers: ("If-Match", tag));
        AdminHarness.Problem(stale, 409);
        Assert.EndsWith("# a\n", (await _h.Store.GetServiceAsync("demo"))!.SpecYaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_loses_the_race_to_a_concurrent_writer_is_409_and_writes_nothing()
    {
        var h = new AdminHarness(azurite, maxAttempts: 1);
        await h.CreateAsync();
        var raw = h.RawTable("Services");
        h.Store.BeforeServiceWrite = _ =>
        {
            // Another writer changes the row between this update's read and its write: the ETag no longer matches.
            var row = raw.GetEntity<TableEntity>("service", "demo").Value;
            row["SpecYaml"] = AdminHarness.Spec + "\n# concurrent\n";
            raw.UpdateEntity(row, ETag.All, TableUpdateMode.Replace);
        };

        var body = AdminHarness.Problem(await h.SendAsync("PUT", "/api/services/demo", AdminHarness.Spec + "\n# mine\n", "application/yaml"), 409);

        Assert.Contains("concurrently", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("# concurrent\n", (await h.Store.GetServiceAsync("demo"))!.SpecYaml, StringComparison.Ordinal);
        Assert.DoesNotContain("signal demo SpecUpdated", h.Gateway.Calls);
    }

    [Fact]
    public async Task Deleting_marks_the_service_shutting_down_and_signals_its_controller()
    {
        await _h.CreateAsync();
        var response = await _h.SendAsync("DELETE", "/api/services/demo");

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("shutting_down", AdminHarness.Json(response).GetProperty("status").GetString());
        Assert.Equal(ServiceStatus.ShuttingDown, (await _h.Store.GetServiceAsync("demo"))!.Status);
        Assert.Equal("signal demo Deleted", _h.Gateway.Calls.Last());
        AdminHarness.Problem(await _h.SendAsync("PUT", "/api/services/demo", AdminHarness.Spec, "application/yaml"), 409);
        AdminHarness.Problem(await _h.SendAsync("DELETE", "/api/services/nope"), 404);
    }

    private static string ServiceViewTag(ServiceRecord? s) => $"\"{s!.Version}-{s.UpdatedAt.UtcTicks}\"";
}
