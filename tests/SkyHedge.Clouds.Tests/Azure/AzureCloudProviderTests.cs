using System.Text;
using SkyHedge.Clouds.AzureCompute;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Azure;

/// <summary>The Azure adapter through the real Azure.ResourceManager.Compute SDK against a loopback ARM fake.</summary>
public sealed class AzureCloudProviderTests : IAsyncLifetime, IDisposable
{
    private const string Subnet = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet-eastus/subnets/replicas";
    private static readonly Location Zone = new(Core.Model.Clouds.Azure, "eastus", "1");
    private ArmFake _fake = null!;
    private HttpClient _http = null!;
    private AzureCloudProvider _azure = null!;

    public async Task InitializeAsync()
    {
        _fake = await ArmFake.StartAsync();
        _http = _fake.Client();
        _azure = Provider(_fake, _http, "fake-arm-token");
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_spot_vm_carries_spot_priority_eviction_delete_max_price_the_nic_custom_data_and_tags()
    {
        var instance = await _azure.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        var put = Assert.Single(_fake.Requests, r => r.Method == "PUT");
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/skyhedge-replicas/providers/Microsoft.Compute/virtualMachines/skyhedge-svc-r1", put.Path);
        var p = put.Body!["properties"]!;
        Assert.Equal("Spot", p["priority"]!.GetValue<string>());
        Assert.Equal("Delete", p["evictionPolicy"]!.GetValue<string>());
        Assert.Equal(-1, p["billingProfile"]!["maxPrice"]!.GetValue<double>());
        Assert.Equal("Standard_NC24ads_A100_v4", p["hardwareProfile"]!["vmSize"]!.GetValue<string>());
        var nic = p["networkProfile"]!["networkInterfaceConfigurations"]![0]!;
        Assert.Equal("Delete", nic["properties"]!["deleteOption"]!.GetValue<string>());
        Assert.Equal(Subnet, nic["properties"]!["ipConfigurations"]![0]!["properties"]!["subnet"]!["id"]!.GetValue<string>());
        Assert.NotNull(p["networkProfile"]!["networkApiVersion"]);
        Assert.Equal("Delete", p["storageProfile"]!["osDisk"]!["deleteOption"]!.GetValue<string>());
        Assert.True(p["osProfile"]!["linuxConfiguration"]!["disablePasswordAuthentication"]!.GetValue<bool>());
        var customData = Encoding.UTF8.GetString(Convert.FromBase64String(p["osProfile"]!["customData"]!.GetValue<string>()));
        Assert.StartsWith("#!/bin/sh", customData, StringComparison.Ordinal);
        Assert.Equal("1", put.Body!["zones"]![0]!.GetValue<string>());
        Assert.Equal("svc", put.Body!["tags"]!["skyhedge-service"]!.GetValue<string>());

        Assert.Equal(Market.Spot, instance.Market);
        Assert.Equal(Zone, instance.Location);
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal(("svc", "r1"), (instance.Service, instance.ReplicaId));
        Assert.Equal("http://10.1.0.4:8000", instance.Address); // the NIC's private address, read as a generic resource
        Assert.Contains(_fake.Requests, r => r.Method == "GET" && r.Path.EndsWith("/networkInterfaces/skyhedge-svc-r1-nic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_replica_is_one_vm_that_list_finds_and_deleting_twice_succeeds()
    {
        var first = await _azure.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
        var again = await _azure.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Single(_fake.Vms);
        Assert.Equal(first.InstanceId, Assert.Single(await _azure.ListAsync("svc", CancellationToken.None)).InstanceId);
        Assert.Empty(await _azure.ListAsync("other", CancellationToken.None));

        await _azure.TerminateAsync(first.InstanceId, CancellationToken.None);
        await _azure.TerminateAsync(first.InstanceId, CancellationToken.None);
        Assert.Null(await _azure.GetAsync(first.InstanceId, CancellationToken.None)); // evicted or deleted: gone
    }

    [Theory]
    [InlineData("SkuNotAvailable", 409, false, typeof(InsufficientCapacityException))]
    [InlineData("ZonalAllocationFailed", 200, true, typeof(InsufficientCapacityException))]
    [InlineData("AllocationFailed", 200, true, typeof(InsufficientCapacityException))]
    [InlineData("OverconstrainedAllocationRequest", 200, true, typeof(InsufficientCapacityException))]
    [InlineData("OperationNotAllowed", 409, false, typeof(QuotaExceededException))]
    [InlineData("AuthorizationFailed", 403, false, typeof(UnauthorizedException))]
    [InlineData("InvalidParameter", 400, false, typeof(InvalidSpecException))]
    public async Task Each_create_error_maps_to_its_typed_error(string code, int status, bool async, Type expected)
    {
        _fake.FailNextCreate(code, status, async);

        var error = await Assert.ThrowsAnyAsync<CloudException>(() => _azure.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.CloudCode);
        if (error is InsufficientCapacityException capacity)
        {
            Assert.Equal(Zone, capacity.Location);
        }
    }

    [Fact]
    public async Task Throttling_is_retried_and_then_succeeds()
    {
        _fake.FailNextCreate("TooManyRequests", 429, times: 2);

        var instance = await _azure.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        Assert.Equal(3, _fake.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(InstanceState.Running, instance.State);
    }

    [Fact]
    public async Task A_bad_token_is_unauthorized_once_with_what_to_check()
    {
        using var http = _fake.Client();
        var azure = Provider(_fake, http, "wrong-token");

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => azure.ListAsync(null, CancellationToken.None));

        Assert.Contains("role on the replica resource group", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    private static AzureCloudProvider Provider(ArmFake fake, HttpClient http, string token) => new(new AzureOptions
    {
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "skyhedge-replicas",
        Regions = new Dictionary<string, AzureRegionOptions> { ["eastus"] = new(Subnet, "microsoft-dsvm:ubuntu-hpc:2204:latest") },
        AdminUrl = new Uri("https://skyhedge-admin.example.net"),
        Credential = new ArmFake.FixedCredential(token),
        Endpoint = fake.Url,
        HttpClient = http,
        MaxRetries = 2,
    });

    private static LaunchRequest Request(string replica, Market market) => new(
        "svc",
        replica,
        new Offering("Standard_NC24ads_A100_v4", "A100-80GB", 1, Zone, market, 0.9m),
        new ServiceSpec { Name = "svc", Run = "vllm serve x --port 8000", Resources = new ResourcesSpec { Ports = [8000] } },
        $"svc-{replica}-token",
        "secret-" + replica);
}
