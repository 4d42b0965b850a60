using System.Text.Json.Nodes;
using SkyHedge.Clouds.GcpCompute;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Gcp;

/// <summary>The GCP adapter's REST client against a loopback fake of Compute Engine's API.</summary>
public sealed class GcpCloudProviderTests : IAsyncLifetime, IDisposable
{
    private static readonly Location Zone = new(Core.Model.Clouds.Gcp, "us-central1", "us-central1-a");
    private ComputeFake _fake = null!;
    private GcpCloudProvider _gcp = null!;

    public async Task InitializeAsync()
    {
        _fake = await ComputeFake.StartAsync();
        _gcp = new GcpCloudProvider(new GcpOptions
        {
            Project = "skyhedge-test",
            Regions = new Dictionary<string, GcpRegionOptions>
            {
                ["us-central1"] = new("projects/deeplearning-platform-release/global/images/family/common-cu121", "regions/us-central1/subnetworks/skyhedge"),
            },
            AdminUrl = new Uri("https://skyhedge-admin.example.net"),
            ApiBase = _fake.Url,
            AccessToken = _ => Task.FromResult(ComputeFake.Token),
            MaxRetries = 2,
        });
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _gcp.Dispose();

    [Fact]
    public async Task A_spot_insert_carries_the_spot_scheduling_a_request_id_labels_and_the_startup_script()
    {
        var instance = await _gcp.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        var insert = Assert.Single(_fake.Requests, r => r.Method == "POST" && r.Path.EndsWith("/instances", StringComparison.Ordinal));
        Assert.Equal("/compute/v1/projects/skyhedge-test/zones/us-central1-a/instances", insert.Path);
        Assert.Matches("^\\?requestId=[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", insert.Query);
        var body = insert.Body!;
        Assert.Equal("SPOT", body["scheduling"]!["provisioningModel"]!.GetValue<string>());
        Assert.Equal("DELETE", body["scheduling"]!["instanceTerminationAction"]!.GetValue<string>());
        Assert.Equal("TERMINATE", body["scheduling"]!["onHostMaintenance"]!.GetValue<string>());
        Assert.Equal("zones/us-central1-a/machineTypes/a2-highgpu-1g", body["machineType"]!.GetValue<string>());
        Assert.Null(body["guestAccelerators"]); // A2 machines come with their GPUs
        Assert.Equal("svc", body["labels"]!["skyhedge-service"]!.GetValue<string>());
        var script = body["metadata"]!["items"]![0]!;
        Assert.Equal("startup-script", script["key"]!.GetValue<string>());
        Assert.StartsWith("#!/bin/sh", script["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(_fake.Requests, r => r.Path.EndsWith("/wait", StringComparison.Ordinal));

        Assert.Equal("us-central1-a/skyhedge-svc-r1", instance.InstanceId);
        Assert.Equal(Zone, instance.Location);
        Assert.Equal(Market.Spot, instance.Market);
        Assert.Equal(InstanceState.Pending, instance.State);
        Assert.Equal("http://10.128.0.1:8000", instance.Address);
    }

    [Fact]
    public async Task An_n1_machine_gets_its_gpus_as_guest_accelerators_and_on_demand_is_standard()
    {
        await _gcp.LaunchAsync(Request("r1", Market.OnDemand, "n1-standard-8", "T4"), CancellationToken.None);

        var body = Assert.Single(_fake.Requests, r => r.Method == "POST" && r.Path.EndsWith("/instances", StringComparison.Ordinal)).Body!;
        Assert.Equal("STANDARD", body["scheduling"]!["provisioningModel"]!.GetValue<string>());
        Assert.Equal("zones/us-central1-a/acceleratorTypes/nvidia-tesla-t4", body["guestAccelerators"]![0]!["acceleratorType"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_token_makes_one_instance_that_list_finds_and_deleting_twice_succeeds()
    {
        var first = await _gcp.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
        var again = await _gcp.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Single(_fake.Instances);
        var inserts = _fake.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/instances", StringComparison.Ordinal)).ToList();
        Assert.Equal(inserts[0].Query, inserts[1].Query); // the same requestId both times
        Assert.Equal(first.InstanceId, Assert.Single(await _gcp.ListAsync("svc", CancellationToken.None)).InstanceId);
        Assert.Empty(await _gcp.ListAsync("other", CancellationToken.None));

        await _gcp.TerminateAsync(first.InstanceId, CancellationToken.None);
        await _gcp.TerminateAsync(first.InstanceId, CancellationToken.None);
        Assert.Null(await _gcp.GetAsync(first.InstanceId, CancellationToken.None));
    }

    [Fact]
    public async Task A_terminated_spot_vm_reads_as_preempted()
    {
        var instance = await _gcp.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
        _fake.Preempt("skyhedge-svc-r1");

        Assert.Equal(InstanceState.Preempted, (await _gcp.GetAsync(instance.InstanceId, CancellationToken.None))!.State);
    }

    [Theory]
    [InlineData("ZONE_RESOURCE_POOL_EXHAUSTED", typeof(InsufficientCapacityException))]
    [InlineData("ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", typeof(InsufficientCapacityException))]
    [InlineData("QUOTA_EXCEEDED", typeof(QuotaExceededException))]
    public async Task Capacity_and_quota_errors_arrive_in_the_finished_operation(string code, Type expected)
    {
        _fake.FailInsertAsync(code);

        var error = await Assert.ThrowsAnyAsync<CloudException>(() => _gcp.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.CloudCode);
        Assert.Empty(_fake.Instances);
        if (error is InsufficientCapacityException capacity)
        {
            Assert.Equal(Zone, capacity.Location);
        }
    }

    [Fact]
    public async Task Rate_limits_are_retried_then_succeed_and_a_403_that_is_not_one_is_unauthorized_at_once()
    {
        _fake.FailNextHttp(429, "rateLimitExceeded");
        _fake.FailNextHttp(403, "rateLimitExceeded");
        var instance = await _gcp.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
        Assert.Equal(InstanceState.Pending, instance.State);

        _fake.FailNextHttp(403, "forbidden");
        var before = _fake.Requests.Count;
        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => _gcp.ListAsync("svc", CancellationToken.None));
        Assert.Equal(before + 1, _fake.Requests.Count);
        Assert.Contains("service account", error.Message, StringComparison.Ordinal);

        _fake.FailNextHttp(429, "rateLimitExceeded", times: 3);
        await Assert.ThrowsAsync<ThrottledException>(() => _gcp.ListAsync("svc", CancellationToken.None));
    }

    [Fact]
    public async Task A_bad_token_is_unauthorized()
    {
        using var gcp = new GcpCloudProvider(new GcpOptions
        {
            Project = "p",
            Regions = new Dictionary<string, GcpRegionOptions> { ["us-central1"] = new("img", "net") },
            AdminUrl = new Uri("https://a.example.net"),
            ApiBase = _fake.Url,
            AccessToken = _ => Task.FromResult("wrong"),
        });

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => gcp.ListAsync(null, CancellationToken.None));
        Assert.Contains("invalid authentication credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_network_each_service_gets_a_firewall_rule_for_its_port_from_the_router_only()
    {
        GcpCloudProvider Provider() => new(new GcpOptions
        {
            Project = "skyhedge-test",
            Regions = new Dictionary<string, GcpRegionOptions> { ["us-central1"] = new("img", "regions/us-central1/subnetworks/skyhedge") },
            AdminUrl = new Uri("https://skyhedge-admin.example.net"),
            ApiBase = _fake.Url,
            AccessToken = _ => Task.FromResult(ComputeFake.Token),
            Network = "global/networks/skyhedge",
            RouterCidrs = ["10.20.0.0/24"],
        });

        using (var gcp = Provider())
        {
            await gcp.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
            await gcp.LaunchAsync(Request("r2", Market.Spot), CancellationToken.None);
        }

        using (var restarted = Provider())
        {
            await restarted.LaunchAsync(Request("r3", Market.Spot), CancellationToken.None); // the rule exists (409): reused
        }

        var rule = Assert.Single(_fake.Firewalls).Value;
        Assert.Equal("skyhedge-svc", rule["name"]!.GetValue<string>());
        Assert.Equal("INGRESS", rule["direction"]!.GetValue<string>());
        Assert.Equal("tcp", rule["allowed"]![0]!["IPProtocol"]!.GetValue<string>());
        Assert.Equal(["8000"], rule["allowed"]![0]!["ports"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["10.20.0.0/24"], rule["sourceRanges"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["skyhedge-svc"], rule["targetTags"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(2, _fake.Requests.Count(r => r.Path.EndsWith("/global/firewalls", StringComparison.Ordinal)));
        Assert.All(_fake.Instances, i => Assert.Equal("skyhedge-svc", i["tags"]!["items"]![0]!.GetValue<string>()));
    }

    [Fact]
    public void Instance_names_are_valid_and_stable()
    {
        Assert.Equal("skyhedge-svc-r1", GcpCloudProvider.InstanceName("svc", "r1"));
        var longName = GcpCloudProvider.InstanceName(new string('a', 60), "r123456789abc");
        Assert.True(longName.Length <= 63);
        Assert.Equal(longName, GcpCloudProvider.InstanceName(new string('a', 60), "r123456789abc"));
    }

    private static LaunchRequest Request(string replica, Market market, string type = "a2-highgpu-1g", string gpu = "A100") => new(
        "svc",
        replica,
        new Offering(type, gpu, 1, Zone, market, 1.2m),
        new ServiceSpec { Name = "svc", Run = "vllm serve x --port 8000", Resources = new ResourcesSpec { Ports = [8000] } },
        $"svc-{replica}-token",
        "secret-" + replica);
}
