using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Tests.Admin;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Routing;
using SkyHedge.Core.Spec;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Reliability;

/// <summary>
/// Bad input to the admin API over real Table storage: every answer to a bad body, path, method or content type is a
/// 4xx problem whose <c>detail</c> says what was wrong, never a 5xx or an exception; a refused create leaves no
/// service row, and a refused update leaves the stored spec, version and routing table as they were.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Reliability")]
public sealed partial class AdminApiFuzzTests(AzuriteFixture azurite)
{
    private const string ReplicaToken = "replica-token-fuzz";

    private readonly AdminHarness _h = new(azurite);

    [Fact]
    public async Task Refused_creates_are_specific_4xx_problems_and_leave_no_service_row()
    {
        var bodies = Gen.OneOf(
            Gen.Select(AdminBodies.MutatedSpec(), Gen.Const("application/yaml")),
            Gen.Select(AdminBodies.JsonSpec, Gen.Const("application/json")),
            Gen.Select(AdminBodies.OddJson, AdminBodies.ContentType),
            Gen.Int[32_001, 40_000].Select(n => ("name: big\nsetup: " + new string('x', n), "application/yaml")));
        var created = 0;
        await bodies.SampleAsync(
            async (body, contentType) =>
            {
                var response = await _h.SendAsync("POST", "/api/services", body, contentType);
                if (response.StatusCode == 201)
                {
                    // Only a spec the parser accepts is stored, whole.
                    var spec = ServiceSpecParser.Parse(body, "spec");
                    var row = Assert.Single(await _h.Store.ListServicesAsync());
                    Assert.Equal((spec.Name, body, 1), (row.Name, row.SpecYaml, row.Version));
                    Assert.True(await _h.Store.DeleteServiceAsync(spec.Name));
                    created++;
                    return;
                }

                AssertProblem(response);
                Assert.Empty(await _h.Store.ListServicesAsync());
            },
            iter: 400,
            threads: 1);
        Assert.InRange(created, 1, 399);
    }

    [Fact]
    public async Task Refused_updates_leave_the_stored_spec_and_version_unchanged()
    {
        await _h.CreateAsync();
        var bodies = Gen.Select(
            Gen.OneOf(AdminBodies.MutatedSpec("demo"), AdminBodies.MutatedSpec(), AdminBodies.JsonSpec),
            AdminBodies.ContentType,
            Gen.OneOfConst<string?>(null, null, null, "\"bogus\"", "*", "W/\"1\"", "\"\\ud800\""));
        await bodies.SampleAsync(
            async (body, contentType, ifMatch) =>
            {
                var before = (await _h.Store.GetServiceAsync("demo"))!;
                (string, string)[] headers = ifMatch is null ? [] : [("If-Match", ifMatch)];
                var response = await _h.SendAsync("PUT", "/api/services/demo", body, contentType, headers: headers);
                var after = (await _h.Store.GetServiceAsync("demo"))!;
                if (response.StatusCode == 200)
                {
                    Assert.Equal("demo", ServiceSpecParser.Parse(body, "spec").Name);
                    Assert.Equal((body, before.Version + 1), (after.SpecYaml, after.Version));
                    return;
                }

                AssertProblem(response);
                Assert.Equal((before.SpecYaml, before.Version, before.Routing), (after.SpecYaml, after.Version, after.Routing));
            },
            iter: 300,
            threads: 1);
    }

    [Fact]
    public async Task Refused_routing_tables_leave_the_stored_table_unchanged()
    {
        await _h.CreateAsync();
        await bodies().SampleAsync(
            async (body, contentType) =>
            {
                var before = (await _h.Store.GetServiceAsync("demo"))!;
                var response = await _h.SendAsync("PUT", "/api/services/demo/routing", body, contentType);
                var after = (await _h.Store.GetServiceAsync("demo"))!;
                Assert.Equal((before.SpecYaml, before.Version), (after.SpecYaml, after.Version)); // routing is not the spec
                if (response.StatusCode == 200)
                {
                    Assert.Equal(response.Body, RoutingTable.Parse(after.Routing).IsEmpty ? "[]" : after.Routing);
                    return;
                }

                AssertProblem(response);
                Assert.Equal(before.Routing, after.Routing);
            },
            iter: 400,
            threads: 1);

        static Gen<(string, string)> bodies() => Gen.Select(AdminBodies.RoutingBody, Gen.Frequency((3, Gen.Const("application/json")), (1, AdminBodies.ContentType)));
    }

    [Fact]
    public async Task Key_requests_are_created_only_with_a_valid_scope_and_refused_specifically_otherwise()
    {
        var created = 0;
        await AdminBodies.JsonObject(("scope", "\"inference\""), ("description", "\"ci\"")).SampleAsync(
            async body =>
            {
                var response = await _h.SendAsync("POST", "/api/keys", body, "application/json");
                if (response.StatusCode == 201)
                {
                    using var request = JsonDocument.Parse(body);
                    Assert.Matches("^(admin|inference)$", request.RootElement.GetProperty("scope").GetString());
                    Assert.StartsWith("sk-", AdminHarness.Json(response).GetProperty("key").GetString(), StringComparison.Ordinal);
                    created++;
                    return;
                }

                AssertProblem(response);
            },
            iter: 400,
            threads: 1);
        Assert.InRange(created, 1, 399);
    }

    [Fact]
    public async Task Notices_signal_only_when_valid_and_every_refusal_is_a_specific_problem()
    {
        await _h.CreateAsync();
        await _h.Store.AddReplicaAsync(
            AdminHarness.Replica("r-1", Market.Spot, 0.5m, ReplicaStatus.Ready, AdminHarness.T0, token: ReplicaToken), "test");
        var accepted = 0;
        await AdminBodies.JsonObject(("service", "\"demo\""), ("replica_id", "\"r-1\""), ("kind", "\"preemption\""), ("source", "\"eventbridge\"")).SampleAsync(
            async body =>
            {
                var response = await _h.SendAsync("POST", "/api/notices", body, "application/json", key: ReplicaToken);
                if (response.StatusCode == 202)
                {
                    using var request = JsonDocument.Parse(body);
                    Assert.Equal(("demo", "r-1"), (request.RootElement.GetProperty("service").GetString(), request.RootElement.GetProperty("replica_id").GetString()));
                    accepted++;
                    return;
                }

                AssertProblem(response);
            },
            iter: 400,
            threads: 1);

        // Each accepted notice signalled the replica once; nothing else was signalled.
        Assert.InRange(accepted, 1, 399);
        Assert.Equal(accepted, _h.Gateway.Calls.Count(c => c.StartsWith("replica demo/r-1 ", StringComparison.Ordinal)));
        Assert.Equal(accepted, _h.Gateway.Calls.Count(c => c.StartsWith("replica ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Odd_paths_methods_and_content_types_are_answered_without_a_5xx_or_a_new_service()
    {
        var paths = Gen.OneOfConst(
            "/api/services", "/api/services/demo", "/api/services/%00", "/api/services/" + new string('a', 2000), "/api/../api/services",
            "/api//services", "/API/SERVICES/DEMO/ROUTING", "/api/services/demo/replicas/..", "/api/services/demo/replicas/a%2Fb", "/api/services/😀",
            "/api/services/demo/events?max=-1", "/api/services/demo/events?max=99999999999999999999", "/api/services/demo/events?max=%FF",
            "/api/services/demo/replicas/r#1", "/api/keys/'%3B%20DROP", "/api/keys/" + new string('k', 1000), "/api/notices?x=%", "/", "/api", "api/services",
            "/api/services/-bad-/routing", "/api/services/a..b", "/api/services/demo/replicas/%E2%80%AE");
        var requests = Gen.Select(
            Gen.OneOfConst("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get"), paths, AdminBodies.ContentType, AdminBodies.OddJson);
        await requests.SampleAsync(
            async (method, path, contentType, body) =>
            {
                var response = await _h.SendAsync(method, path, body, contentType);
                Assert.True(response.StatusCode < 500, response.ToString());
                if (response.StatusCode >= 400)
                {
                    AssertProblem(response);
                }
            },
            iter: 500,
            threads: 1);
        Assert.Empty(await _h.Store.ListServicesAsync());
    }

    // What the fuzz found answering 500 before: non-numbers in ranges, escaped half surrogates, duplicate fields.
    [Theory]
    [InlineData("/api/services/demo/routing", "[{\"input\": [\"a\", 1], \"pool\": \"A10G\"}]", "routing[0].input: expected [lo, hi]")]
    [InlineData("/api/services/demo/routing", "[{\"input\": [0, true], \"pool\": \"A10G\"}]", "routing[0].input: expected [lo, hi]")]
    [InlineData("/api/services/demo/routing", "[{\"pool\": \"\\ud800\"}]", "routing[0]: expected text")]
    [InlineData("/api/keys", "{\"scope\": \"admin\", \"scope\": \"inference\"}", "body:1:")]
    [InlineData("/api/keys", "{\"scope\": \"admin\", \"description\": \"ok \\udc00\"}", "body:1:35: a string escapes half of a UTF-16 surrogate pair")]
    [InlineData("/api/services", "{\"name\": \"x\\ud800\"}", "spec.json:1:10: a string escapes half")]
    public async Task Bodies_that_answered_500_before_are_400_naming_the_field_or_position(string path, string body, string expected)
    {
        await _h.CreateAsync();
        var response = await _h.SendAsync(path.EndsWith("routing", StringComparison.Ordinal) ? "PUT" : "POST", path, body, "application/json");
        Assert.Contains(expected, AdminHarness.Problem(response, 400).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["demo"], (await _h.Store.ListServicesAsync()).Select(s => s.Name));
    }

    /// <summary>A 4xx problem whose detail names what was wrong, in the words its status calls for.</summary>
    private static void AssertProblem(AdminResponse response)
    {
        Assert.True(response.StatusCode is >= 400 and < 500, $"expected a 4xx, got {response}");
        var body = AdminHarness.Problem(response, response.StatusCode);
        var detail = body.GetProperty("detail").GetString()!;
        var words = response.StatusCode switch
        {
            400 => InvalidWords(),
            401 => AuthWords(),
            404 => NotFoundWords(),
            405 => MethodWords(),
            409 => ConflictWords(),
            413 => SizeWords(),
            415 => MediaWords(),
            _ => new Regex("."),
        };
        Assert.Matches(words, detail);
        if (body.TryGetProperty("errors", out var errors))
        {
            Assert.All(errors.EnumerateArray(), e => Assert.True(e.GetProperty("line").GetInt32() >= 1 && e.GetProperty("column").GetInt32() >= 1, e.ToString()));
        }
    }

    [GeneratedRegex(@"expected|Expected|[Uu]nknown|Field '|required|at most|not valid JSON|:\d+:\d+: ")]
    private static partial Regex InvalidWords();

    [GeneratedRegex("token|API key")]
    private static partial Regex AuthWords();

    [GeneratedRegex("^No (admin API route|service named|key with id|replica)")]
    private static partial Regex NotFoundWords();

    [GeneratedRegex(@"^\S+ is not allowed on .+; allowed: ")]
    private static partial Regex MethodWords();

    [GeneratedRegex("already exists|changed since you read it|being deleted|concurrently|lives in configuration")]
    private static partial Regex ConflictWords();

    [GeneratedRegex(@"\d+ characters; at most \d+")]
    private static partial Regex SizeWords();

    [GeneratedRegex("^Content-Type '.*' is not")]
    private static partial Regex MediaWords();
}
