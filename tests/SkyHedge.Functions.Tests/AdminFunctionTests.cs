using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Keys;
using SkyHedge.Functions.Admin;
using SkyHedge.Functions.Hosting;
using SkyHedge.Functions.Tests.Fakes;
using SkyHedge.Testing;

namespace SkyHedge.Functions.Tests;

/// <summary>The admin HTTP triggers' adapter: an ASP.NET Core request in, the admin API's answer written back with
/// its status, headers and body. The API's own behaviour is tested in SkyHedge.Control.</summary>
public sealed class AdminFunctionTests
{
    private const string BootstrapKey = "bootstrap-key-for-tests-0123456789";

    private readonly StateStoreStub _stub;
    private readonly AdminFunctions _functions;

    public AdminFunctionTests()
    {
        var (store, stub) = StateStoreStub.Create();
        _stub = stub;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(AdminApiOptions.BootstrapKeySetting, (string?)BootstrapKey)])
            .Build();
        var services = new ServiceCollection();
        services.AddSkyHedgeFunctions(configuration);
        services.AddSingleton(store);
        services.AddSingleton(UnusedService.Of<IKeyStore>()); // the bootstrap key is checked without the store
        _functions = ActivatorUtilities.CreateInstance<AdminFunctions>(services.BuildServiceProvider());
    }

    [Fact]
    public async Task AnAuthorizedRequestReachesTheApiAndItsJsonComesBack()
    {
        var (status, response, body) = await SendAsync("GET", "/api/services", bearer: BootstrapKey);

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body); // whatever its shape, it is JSON
        Assert.Empty(_stub.Events);
    }

    [Fact]
    public async Task AMissingKeyIs401WithItsChallengeHeader()
    {
        var (status, response, body) = await SendAsync("GET", "/api/services");

        Assert.Equal(401, status);
        Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("urn:skyhedge:problem:unauthorized", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFunctionsKeyHeaderIsPassedThrough()
    {
        var (status, _, _) = await SendAsync("GET", "/api/services", headers: [("x-functions-key", BootstrapKey)]);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task AMethodTheRouteDoesNotHaveIs405WithAllow()
    {
        var (status, response, _) = await SendAsync("PATCH", "/api/services", bearer: BootstrapKey);

        Assert.Equal(405, status);
        Assert.Contains("GET", response.Headers.Allow.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedBeforeTheApi()
    {
        var (status, response, body) = await SendAsync("POST", "/api/services", body: new string('a', AdminHttp.MaxBodyChars + 1));

        Assert.Equal(413, status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("urn:skyhedge:problem:too-large", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRequestIsCopiedWhole()
    {
        var context = Context("POST", "/api/services/llm/events", "?max=5&x=a%20b", [("X-Test", "1"), ("X-Test", "2")], "spec: text");

        var admin = await AdminHttp.ToAdminRequestAsync(context.Request, default);

        Assert.NotNull(admin);
        Assert.Equal("POST", admin.Method);
        Assert.Equal("/api/services/llm/events", admin.Path);
        Assert.Equal("5", admin.Query["max"]);
        Assert.Equal("a b", admin.Query["x"]);
        Assert.Equal("1, 2", admin.Header("x-test"));
        Assert.Equal("spec: text", admin.Body);
    }

    private async Task<(int Status, HttpResponse Response, string Body)> SendAsync(
        string method, string path, string? bearer = null, (string, string)[]? headers = null, string? body = null)
    {
        var all = (headers ?? []).ToList();
        if (bearer is not null)
        {
            all.Add(("Authorization", "Bearer " + bearer));
        }

        var context = Context(method, path, string.Empty, all, body);
        var result = await _functions.HandleAsync(context.Request, new RecordingGateway(), default);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    private static DefaultHttpContext Context(string method, string path, string query, IEnumerable<(string Name, string Value)> headers, string? body)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            context.Request.Headers[group.Key] = group.Select(h => h.Value).ToArray();
        }

        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));
        context.Response.Body = new MemoryStream();
        return context;
    }
}
