using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Admin;

/// <summary>An admin API over real Table stores (own table prefix on the shared Azurite), a fake clock and a
/// recording gateway; requests go through <see cref="AdminApi.HandleAsync"/> as a host would send them.</summary>
internal sealed class AdminHarness
{
    public const string BootstrapKey = "bootstrap-admin-key-for-tests-0123456789";

    public const string Spec = """
        name: demo
        resources:
          accelerators: A10G:1
          ports: 8080
        """;

    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly AzuriteFixture _azurite;

    public AdminHarness(AzuriteFixture azurite, int maxAttempts = 12, Func<Replica, decimal?>? onDemandPrice = null)
    {
        _azurite = azurite;
        Prefix = "a" + Guid.NewGuid().ToString("N")[..20];
        Clock = new FakeTimeProvider(T0);
        var options = new TableStateStoreOptions { TablePrefix = Prefix, MaxAttempts = maxAttempts };
        Store = new InterferingStateStore(new TableStateStore(azurite.ConnectionString, options, Clock));
        KeyStore = new TableKeyStore(azurite.ConnectionString, options);
        Api = new AdminApi(
            Store, KeyStore, Gateway, new AdminApiOptions { BootstrapAdminKey = BootstrapKey, OnDemandPrice = onDemandPrice }, Clock);
    }

    public string Prefix { get; }

    public FakeTimeProvider Clock { get; }

    public InterferingStateStore Store { get; }

    public TableKeyStore KeyStore { get; }

    public AdminGateway Gateway { get; } = new();

    public AdminApi Api { get; }

    /// <summary>A table of these stores, bypassing them.</summary>
    public TableClient RawTable(string name) => new TableServiceClient(_azurite.ConnectionString).GetTableClient(Prefix + name);

    /// <summary>Sends a request with the bootstrap key as a bearer token unless <paramref name="key"/> says otherwise
    /// (null: no credentials).</summary>
    public Task<AdminResponse> SendAsync(
        string method, string path, string? body = null, string? contentType = null, string? key = BootstrapKey, params (string Name, string Value)[] headers)
    {
        var all = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        if (key is not null)
        {
            all.Add(new("Authorization", $"Bearer {key}"));
        }

        if (contentType is not null)
        {
            all.Add(new("Content-Type", contentType));
        }

        return Api.HandleAsync(new AdminRequest(method, path, all, body));
    }

    public async Task<AdminResponse> CreateAsync(string spec = Spec, string contentType = "application/yaml")
    {
        var response = await SendAsync("POST", "/api/services", spec, contentType);
        Assert.True(response.StatusCode == 201, response.ToString());
        return response;
    }

    public static JsonElement Json(AdminResponse response)
    {
        using var doc = JsonDocument.Parse(response.Body);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts a problem response and returns its body.</summary>
    public static JsonElement Problem(AdminResponse response, int status)
    {
        Assert.True(response.StatusCode == status, $"expected {status}, got {response}");
        Assert.Equal("application/problem+json", response.ContentType);
        var body = Json(response);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:skyhedge:problem:", body.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    public static ReplicaRecord Replica(
        string id,
        Market market,
        decimal price,
        ReplicaStatus status,
        DateTimeOffset? launch,
        DateTimeOffset? end = null,
        string instanceType = "g5.xlarge",
        string? token = null,
        string? address = null,
        string? reason = null) =>
        new(
            new Replica(id, "demo", "aws", "us-east-1", "us-east-1a", instanceType, "A10G", market, price, status, launch,
                status is ReplicaStatus.Ready or ReplicaStatus.Preempted ? launch?.AddMinutes(10) : null, end, reason),
            SpecVersion: 1,
            Address: address,
            ReplicaToken: token);
}
