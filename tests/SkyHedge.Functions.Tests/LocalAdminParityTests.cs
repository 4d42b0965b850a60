using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Functions.Admin;
using SkyHedge.LocalHost;
using SkyHedge.Testing;

namespace SkyHedge.Functions.Tests;

/// <summary>The admin API served by the local host answers exactly as the Functions app's HTTP triggers do: one
/// request per route, sent both ways over the same tables, compared status, content type, headers and body.</summary>
public sealed class LocalAdminParityTests : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string AdminKey = "parity-admin-key-0123456789abcdef";
    private const string Spec = "name: llm\nresources:\n  accelerators: A10G:1\n";

    private readonly AzuriteFixture _azurite;
    private TableStateStore _store = null!;
    private AdminFunctions _functions = null!;
    private LocalAdminHost _local = null!;

    public LocalAdminParityTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    public async Task InitializeAsync()
    {
        var options = new TableStateStoreOptions { TablePrefix = "p" + Guid.NewGuid().ToString("N")[..12] };
        _store = new TableStateStore(_azurite.ConnectionString, options);
        var keys = new TableKeyStore(_azurite.ConnectionString, options);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStateStore>(_store)
            .AddSingleton<IKeyStore>(keys)
            .AddSingleton(new AdminApiOptions { BootstrapAdminKey = AdminKey })
            .BuildServiceProvider();
        _functions = ActivatorUtilities.CreateInstance<AdminFunctions>(services, new Control.Lifecycle.ControlOptions());
        _local = await LocalAdminHost.StartAsync(new AdminApi(_store, keys, new RecordingGateway(), new AdminApiOptions { BootstrapAdminKey = AdminKey }), 0);
        await _store.CreateServiceAsync("llm", Spec);
        // An ended replica: a running one's cost grows between the two requests.
        await _store.AddReplicaAsync(
            new ReplicaRecord(new Replica("r1", "llm", "aws", "us-east-1", "us-east-1a", "g5.xlarge", "A10G", Market.Spot, 0.4m, ReplicaStatus.Terminated, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), "ended"), 1, Address: "http://127.0.0.1:1", ReplicaToken: "tok"),
            "test");
    }

    public async Task DisposeAsync()
    {
        await _local.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", "/api/services", null)]
    [InlineData("GET", "/api/services/llm", null)]
    [InlineData("GET", "/api/services/llm/replicas", null)]
    [InlineData("DELETE", "/api/services/nope/replicas/r9", null)]
    [InlineData("GET", "/api/services/llm/events?max=5", null)]
    [InlineData("GET", "/api/services/llm/routing", null)]
    [InlineData("PUT", "/api/services/llm/routing", """[{"input":[5,1],"pool":"L4"}]""")]
    [InlineData("POST", "/api/services", "name: [broken")]
    [InlineData("PATCH", "/api/keys", null)]
    [InlineData("DELETE", "/api/keys/key-0000000000000000", null)]
    [InlineData("POST", "/api/notices", """{"service":"llm","replica":"r1"}""")]
    [InlineData("GET", "/api/nowhere", null)]
    public async Task Each_route_answers_the_same_locally_and_through_the_function_classes(string method, string path, string? body)
    {
        var viaFunctions = await ThroughFunctionsAsync(method, path, body);
        var viaLocal = await ThroughLocalHostAsync(method, path, body);

        Assert.Equal(viaFunctions.Status, viaLocal.Status);
        Assert.Equal(viaFunctions.ContentType, viaLocal.ContentType);
        Assert.Equal(viaFunctions.Body, viaLocal.Body);
        foreach (var header in new[] { "Allow", "Location", "ETag", "WWW-Authenticate" })
        {
            Assert.Equal(viaFunctions.Headers.GetValueOrDefault(header), viaLocal.Headers.GetValueOrDefault(header));
        }
    }

    private async Task<Answer> ThroughFunctionsAsync(string method, string path, string? body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var query = path.Contains('?', StringComparison.Ordinal) ? path[path.IndexOf('?', StringComparison.Ordinal)..] : string.Empty;
        context.Request.Method = method;
        context.Request.Path = query.Length == 0 ? path : path[..^query.Length];
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers.Authorization = "Bearer " + AdminKey;
        context.Request.ContentType = body is null ? null : ContentType(body);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));
        context.Response.Body = new MemoryStream();
        var result = await _functions.HandleAsync(context.Request, new RecordingGateway(), default);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var headers = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, await new StreamReader(context.Response.Body).ReadToEndAsync(), headers);
    }

    private async Task<Answer> ThroughLocalHostAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new("Bearer", AdminKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new(ContentType(body));
        }

        using var client = new HttpClient { BaseAddress = _local.Address };
        using var response = await client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(), headers);
    }

    private static string ContentType(string body) => body.StartsWith('[') || body.StartsWith('{') ? "application/json" : "application/yaml";

    private sealed record Answer(int Status, string? ContentType, string Body, Dictionary<string, string> Headers);
}
