using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>
/// A real router (the app <c>Program</c> runs, on Kestrel over loopback) reading a private set of tables in
/// Azurite, plus helpers to write service and replica rows the way the control plane does. The poll is slowed to
/// an hour unless a test asks otherwise, so every change reaches the router through the push endpoint, as the
/// control plane sends it.
/// </summary>
internal sealed class RouterHarness : IAsyncDisposable
{
    public const string AdminKey = "router-test-admin-key-0123456789";

    private readonly WebApplication _app;

    private RouterHarness(WebApplication app, TableStateStore store, ApiKeys keys, string url, string inferenceKey)
    {
        _app = app;
        Store = store;
        Keys = keys;
        Url = url;
        InferenceKey = inferenceKey;
        Client = NewClient(inferenceKey);
    }

    public TableStateStore Store { get; }

    public ApiKeys Keys { get; }

    public string Url { get; }

    public string InferenceKey { get; }

    /// <summary>A client that sends the inference key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RouterHarness> StartAsync(
        AzuriteFixture azurite, IDictionary<string, string>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var tableOptions = new TableStateStoreOptions { TablePrefix = "r" + Guid.NewGuid().ToString("N")[..12] };
        var store = new TableStateStore(azurite.ConnectionString, tableOptions);
        var keys = new ApiKeys(new TableKeyStore(azurite.ConnectionString, tableOptions), AdminKey);
        var inference = await keys.CreateAsync(ApiKeyScope.Inference, "router tests");
        var all = new Dictionary<string, string>
        {
            ["--urls"] = "http://127.0.0.1:0",
            ["--SkyHedge:Storage"] = azurite.ConnectionString,
            ["--SkyHedge:TablePrefix"] = tableOptions.TablePrefix,
            ["--SKYHEDGE_ADMIN_KEY"] = AdminKey,
            ["--SkyHedge:Router:PollInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all["--" + key] = value;
        }

        var app = RouterApp.Build([.. all.SelectMany(kv => new[] { kv.Key, kv.Value })], configure);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RouterHarness(app, store, keys, url, inference.Key);
    }

    public HttpClient NewClient(string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task AddServiceAsync(string name, string? routingJson = null, string? extraYaml = null)
    {
        await Store.CreateServiceAsync(name, $"name: {name}\nresources:\n  accelerators: A10G:1\n{extraYaml}");
        if (routingJson is not null)
        {
            await Store.UpdateServiceAsync(name, s => s with { Routing = routingJson });
        }
    }

    /// <summary>Creates a service with A10G replicas, all Ready, and pushes it to the router.</summary>
    public Task ServeAsync(string service, params FakeReplica[] replicas) =>
        ServeAsync(service, null, null, [.. replicas.Select(r => (r, "A10G"))]);

    /// <summary>Creates a service (with a routing table and extra spec lines) and its Ready replicas, and pushes it.</summary>
    public async Task ServeAsync(string service, string? routingJson, string? extraYaml, params (FakeReplica Replica, string Gpu)[] replicas)
    {
        await AddServiceAsync(service, routingJson, extraYaml);
        foreach (var (replica, gpu) in replicas)
        {
            await AddReplicaAsync(service, replica, gpu);
        }

        await PushAsync(service).OkAsync();
    }

    /// <summary>Writes a replica row pointing at <paramref name="replica"/> (Ready unless told otherwise).</summary>
    public Task AddReplicaAsync(string service, FakeReplica replica, string accelerator = "A10G", ReplicaStatus status = ReplicaStatus.Ready) =>
        Store.AddReplicaAsync(
            new ReplicaRecord(
                new Replica(replica.Id, service, "aws", "us-east-1", "us-east-1a", "g5.xlarge", accelerator, Market.Spot, 1.0m, status, DateTimeOffset.UtcNow, status == ReplicaStatus.Ready ? DateTimeOffset.UtcNow : null, null, null),
                SpecVersion: 1,
                Address: replica.Address,
                ReplicaToken: replica.Token),
            "router-test");

    public Task SetStatusAsync(string service, string id, ReplicaStatus status) =>
        Store.UpdateReplicaAsync(service, id, r => r.TransitionTo(status, DateTimeOffset.UtcNow, "test"), "router-test");

    /// <summary>What the control plane sends after a transition.</summary>
    public async Task<HttpResponseMessage> PushAsync(string service, string replica = "any", string status = "Ready")
    {
        using var admin = NewClient(AdminKey);
        return await admin.PostAsJsonAsync("/internal/replicas/changed", new { service, replica, status });
    }

    /// <summary>POSTs a completion request for <paramref name="model"/>.</summary>
    public Task<HttpResponseMessage> CompleteAsync(string model, string prompt = "Hello", int? maxTokens = 16, bool stream = false, HttpClient? client = null) =>
        (client ?? Client).PostAsJsonAsync("/v1/completions", new Dictionary<string, object?>
        {
            ["model"] = model,
            ["prompt"] = prompt,
            ["max_tokens"] = maxTokens,
            ["stream"] = stream,
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
