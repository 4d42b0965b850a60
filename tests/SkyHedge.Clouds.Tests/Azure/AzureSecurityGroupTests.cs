using System.Net;
using System.Text.Json.Nodes;
using SkyHedge.Clouds.AzureCompute;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Azure;

/// <summary>The Azure adapter's per-service network security group, on the requests the loopback ARM fake received.</summary>
public sealed class AzureSecurityGroupTests : IAsyncLifetime, IDisposable
{
    private const string Subnet = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet-eastus/subnets/replicas";
    private const string GroupPath = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/skyhedge-replicas/providers/Microsoft.Network/networkSecurityGroups/";
    private static readonly string[] RouterCidrs = ["10.20.0.0/24", "10.30.0.0/24"];
    private ArmFake _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await ArmFake.StartAsync();
        _http = _fake.Client();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task With_router_cidrs_the_nic_joins_a_group_admitting_only_the_model_port_from_the_router()
    {
        var instance = await Provider(RouterCidrs).LaunchAsync(Request("svc", "r1", 8000), CancellationToken.None);

        var puts = _fake.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(2, puts.Count);
        var group = puts[0]; // before the VM, so no NIC exists outside the group
        Assert.Equal(GroupPath + "skyhedge-svc-eastus-8000", group.Path);
        Assert.Equal("eastus", group.Body!["location"]!.GetValue<string>());
        Assert.Equal("svc", group.Body!["tags"]!["skyhedge-service"]!.GetValue<string>());
        var rules = group.Body!["properties"]!["securityRules"]!.AsArray();
        var allow = Assert.Single(rules, r => r!["properties"]!["access"]!.GetValue<string>() == "Allow")!["properties"]!;
        Assert.Equal(("Inbound", "Tcp", "8000", 100), (Text(allow, "direction"), Text(allow, "protocol"), Text(allow, "destinationPortRange"), allow["priority"]!.GetValue<int>()));
        Assert.Equal(RouterCidrs, allow["sourceAddressPrefixes"]!.AsArray().Select(c => c!.GetValue<string>()));

        // Evaluated as Azure does, after its default rules (which alone admit anything from the virtual network).
        Assert.True(Admits(rules, "10.20.0.5", 8000));
        Assert.True(Admits(rules, "10.30.0.200", 8000));
        Assert.False(Admits(rules, "10.20.0.5", 22));
        Assert.False(Admits(rules, "10.1.0.9", 22));
        Assert.False(Admits(rules, "10.1.0.9", 8000));
        Assert.False(Admits(rules, "203.0.113.7", 8000));

        var vm = puts[1];
        Assert.EndsWith("/virtualMachines/skyhedge-svc-r1", vm.Path, StringComparison.Ordinal);
        var nic = vm.Body!["properties"]!["networkProfile"]!["networkInterfaceConfigurations"]![0]!["properties"]!;
        Assert.Equal(GroupPath + "skyhedge-svc-eastus-8000", nic["networkSecurityGroup"]!["id"]!.GetValue<string>());
        Assert.Equal(InstanceState.Running, instance.State);
    }

    [Fact]
    public async Task The_group_is_written_once_per_service_region_and_port()
    {
        var azure = Provider(RouterCidrs);

        await azure.LaunchAsync(Request("svc", "r1", 8000), CancellationToken.None);
        await azure.LaunchAsync(Request("svc", "r2", 8000), CancellationToken.None);
        Assert.Single(GroupPuts());
        Assert.Equal(2, _fake.Requests.Count(r => r.Method == "PUT" && r.Path.Contains("/virtualMachines/", StringComparison.Ordinal)));
        Assert.All(VmPuts(), p => Assert.Equal(GroupPath + "skyhedge-svc-eastus-8000", NicGroup(p)));

        await azure.LaunchAsync(Request("svc", "r3", 9000), CancellationToken.None);
        await azure.LaunchAsync(Request("other", "r1", 8000), CancellationToken.None);
        Assert.Equal(
            ["skyhedge-svc-eastus-8000", "skyhedge-svc-eastus-9000", "skyhedge-other-eastus-8000"],
            GroupPuts().Select(p => p.Path[GroupPath.Length..]));
    }

    [Fact]
    public async Task Without_router_cidrs_no_group_is_written_and_the_nic_joins_none()
    {
        await Provider([]).LaunchAsync(Request("svc", "r1", 8000), CancellationToken.None);

        Assert.DoesNotContain(_fake.Requests, r => r.Path.Contains("networkSecurityGroups", StringComparison.OrdinalIgnoreCase));
        Assert.Null(NicGroup(Assert.Single(VmPuts())));
    }

    [Theory]
    [InlineData("AuthorizationFailed", 403, typeof(UnauthorizedException), "networkSecurityGroups/write")]
    [InlineData("InvalidRequestFormat", 400, typeof(InvalidSpecException), "skyhedge-svc-eastus-8000")]
    public async Task A_refused_group_fails_the_launch_with_its_typed_error_before_any_vm_and_is_retried_next_time(string code, int status, Type expected, string named)
    {
        var azure = Provider(RouterCidrs);
        _fake.FailNextSecurityGroup(code, status);

        var error = await Assert.ThrowsAnyAsync<CloudException>(() => azure.LaunchAsync(Request("svc", "r1", 8000), CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.CloudCode);
        Assert.Contains("network security group skyhedge-svc-eastus-8000", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Empty(VmPuts());

        await azure.LaunchAsync(Request("svc", "r1", 8000), CancellationToken.None);
        Assert.Equal(2, GroupPuts().Count);
        Assert.Equal(GroupPath + "skyhedge-svc-eastus-8000", NicGroup(Assert.Single(VmPuts())));
    }

    [Fact]
    public async Task A_throttled_group_write_is_retried_and_then_succeeds()
    {
        _fake.FailNextSecurityGroup("TooManyRequests", 429, times: 2);

        await Provider(RouterCidrs).LaunchAsync(Request("svc", "r1", 8000), CancellationToken.None);

        Assert.Equal(3, GroupPuts().Count);
        Assert.Contains(GroupPath + "skyhedge-svc-eastus-8000", _fake.SecurityGroups.Keys);
        Assert.Single(VmPuts());
    }

    [Fact]
    public void A_long_service_name_gives_a_valid_group_name_of_at_most_80_characters()
    {
        var name = AzureSecurityGroups.Name(new string('s', 70) + ".v2", "southcentralus", 8000);
        var other = AzureSecurityGroups.Name(new string('s', 70) + ".v3", "southcentralus", 8000);

        Assert.True(name.Length <= 80, name);
        Assert.All(name, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c == '-', name));
        Assert.NotEqual(name, other);
    }

    private List<(string Method, string Path, JsonNode? Body)> GroupPuts() =>
        [.. _fake.Requests.Where(r => r.Method == "PUT" && r.Path.Contains("/networkSecurityGroups/", StringComparison.Ordinal))];

    private List<(string Method, string Path, JsonNode? Body)> VmPuts() =>
        [.. _fake.Requests.Where(r => r.Method == "PUT" && r.Path.Contains("/virtualMachines/", StringComparison.Ordinal))];

    private static string? NicGroup((string Method, string Path, JsonNode? Body) put) =>
        put.Body!["properties"]!["networkProfile"]!["networkInterfaceConfigurations"]![0]!["properties"]!["networkSecurityGroup"]?["id"]?.GetValue<string>();

    private static string Text(JsonNode node, string key) => node[key]!.GetValue<string>();

    // Inbound TCP from source to port through the group's rules and Azure's defaults, lowest priority number first; the
    // test's virtual network is 10.0.0.0/8.
    private static bool Admits(JsonArray rules, string source, int port)
    {
        var defaults = new (int Priority, string Access, string Protocol, string[] Sources, string Port)[]
        {
            (65000, "Allow", "*", ["VirtualNetwork"], "*"),
            (65001, "Allow", "*", ["AzureLoadBalancer"], "*"),
            (65500, "Deny", "*", ["*"], "*"),
        };
        var all = rules.Select(r => r!["properties"]!)
            .Where(p => Text(p, "direction") == "Inbound")
            .Select(p => (
                p["priority"]!.GetValue<int>(),
                Text(p, "access"),
                Text(p, "protocol"),
                p["sourceAddressPrefixes"] is JsonArray many ? many.Select(s => s!.GetValue<string>()).ToArray() : [Text(p, "sourceAddressPrefix")],
                Text(p, "destinationPortRange")))
            .Concat(defaults)
            .OrderBy(r => r.Item1);
        var address = IPAddress.Parse(source);
        bool FromSource(string prefix) => prefix switch
        {
            "*" => true,
            "VirtualNetwork" => IPNetwork.Parse("10.0.0.0/8").Contains(address),
            "AzureLoadBalancer" => source == "168.63.129.16",
            _ => IPNetwork.Parse(prefix).Contains(address),
        };
        bool ToPort(string range) => range == "*" || (range.Split('-') is var ends && int.Parse(ends[0]) <= port && port <= int.Parse(ends[^1]));
        var first = all.First(r => (r.Item3 is "*" or "Tcp") && r.Item4.Any(FromSource) && ToPort(r.Item5));
        return first.Item2 == "Allow";
    }

    private AzureCloudProvider Provider(IReadOnlyList<string> routerCidrs) => new(new AzureOptions
    {
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "skyhedge-replicas",
        Regions = new Dictionary<string, AzureRegionOptions> { ["eastus"] = new(Subnet, "microsoft-dsvm:ubuntu-hpc:2204:latest") },
        AdminUrl = new Uri("https://skyhedge-admin.example.net"),
        RouterCidrs = routerCidrs,
        Credential = new ArmFake.FixedCredential("fake-arm-token"),
        Endpoint = _fake.Url,
        HttpClient = _http,
        MaxRetries = 2,
    });

    private static LaunchRequest Request(string service, string replica, int port) => new(
        service,
        replica,
        new Offering("Standard_NC24ads_A100_v4", "A100-80GB", 1, new Location(Core.Model.Clouds.Azure, "eastus", "1"), Market.Spot, 0.9m),
        new ServiceSpec { Name = service, Run = $"vllm serve x --port {port}", Resources = new ResourcesSpec { Ports = [port] } },
        $"{service}-{replica}-token",
        "secret-" + replica);
}
