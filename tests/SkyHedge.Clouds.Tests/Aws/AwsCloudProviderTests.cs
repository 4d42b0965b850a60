using System.Text;
using Amazon.Runtime;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Aws;

/// <summary>The AWS adapter through the real AWS SDK against a loopback fake of EC2's Query API.</summary>
public sealed class AwsCloudProviderTests : IAsyncLifetime, IDisposable
{
    private static readonly Location Zone = new(Core.Model.Clouds.Aws, "us-east-1", "use1-az1");
    private Ec2Fake _fake = null!;
    private AwsCloudProvider _aws = null!;

    public async Task InitializeAsync()
    {
        _fake = await Ec2Fake.StartAsync();
        _aws = new AwsCloudProvider(new AwsOptions
        {
            Regions = new Dictionary<string, AwsRegionOptions>
            {
                ["us-east-1"] = new("ami-0abcdef1234567890", new Dictionary<string, string> { ["use1-az1"] = "subnet-11111111" }, ["sg-22222222"]),
            },
            AdminUrl = new Uri("https://skyhedge-admin.example.net"),
            ServiceUrl = _fake.Url,
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "fake-secret-key"),
            MaxErrorRetry = 2,
        });
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task A_spot_launch_carries_the_spot_fields_the_token_the_tags_and_the_startup_wrapper()
    {
        var instance = await _aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        var form = Assert.Single(_fake.Requests, r => r["Action"] == "RunInstances");
        Assert.Equal("spot", form["InstanceMarketOptions.MarketType"]);
        Assert.Equal("one-time", form["InstanceMarketOptions.SpotOptions.SpotInstanceType"]);
        Assert.Equal("terminate", form["InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"]);
        Assert.Equal("svc-r1-token", form["ClientToken"]);
        Assert.Equal("g5.xlarge", form["InstanceType"]);
        Assert.Equal("ami-0abcdef1234567890", form["ImageId"]);
        Assert.Equal("subnet-11111111", form["SubnetId"]);
        Assert.Equal("sg-22222222", form["SecurityGroupId.1"]);
        Assert.Equal(("1", "1"), (form["MinCount"], form["MaxCount"]));
        var userData = Encoding.UTF8.GetString(Convert.FromBase64String(form["UserData"]));
        Assert.StartsWith("#!/bin/sh", userData, StringComparison.Ordinal);
        Assert.Contains("watch.sh", userData, StringComparison.Ordinal);
        Assert.DoesNotContain("replica-secret", userData, StringComparison.Ordinal); // only base64 of it

        Assert.Equal("svc", instance.Service);
        Assert.Equal("r1", instance.ReplicaId);
        Assert.Equal(Zone, instance.Location);
        Assert.Equal(Market.Spot, instance.Market);
        Assert.Equal(InstanceState.Pending, instance.State);
        Assert.StartsWith("us-east-1/i-", instance.InstanceId, StringComparison.Ordinal);
        Assert.Equal("http://10.0.0.1:8000", instance.Address);
    }

    [Fact]
    public async Task An_on_demand_launch_has_no_market_options()
    {
        var instance = await _aws.LaunchAsync(Request("r1", Market.OnDemand), CancellationToken.None);

        var form = Assert.Single(_fake.Requests, r => r["Action"] == "RunInstances");
        Assert.DoesNotContain(form.Keys, k => k.StartsWith("InstanceMarketOptions", StringComparison.Ordinal));
        Assert.Equal(Market.OnDemand, instance.Market);
    }

    [Fact]
    public async Task Launching_twice_with_one_token_makes_one_instance_that_list_finds_and_terminating_twice_succeeds()
    {
        var first = await _aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
        var again = await _aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Single(_fake.Instances);
        var listed = Assert.Single(await _aws.ListAsync("svc", CancellationToken.None));
        Assert.Equal(first.InstanceId, listed.InstanceId);
        Assert.Empty(await _aws.ListAsync("other", CancellationToken.None));
        Assert.Single(await _aws.ListAsync(null, CancellationToken.None));

        await _aws.TerminateAsync(first.InstanceId, CancellationToken.None);
        await _aws.TerminateAsync(first.InstanceId, CancellationToken.None);
        await _aws.TerminateAsync("us-east-1/i-00000000000000000", CancellationToken.None); // never existed: still fine
        Assert.Equal(InstanceState.Stopping, (await _aws.GetAsync(first.InstanceId, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_reclaimed_spot_instance_reads_as_preempted_and_an_unknown_one_as_gone()
    {
        var instance = await _aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
        _fake.Reclaim(instance.InstanceId.Split('/')[1]);

        Assert.Equal(InstanceState.Preempted, (await _aws.GetAsync(instance.InstanceId, CancellationToken.None))!.State);
        Assert.Null(await _aws.GetAsync("us-east-1/i-0ffffffffffffffff", CancellationToken.None));
    }

    [Theory]
    [InlineData("InsufficientInstanceCapacity", 500, typeof(InsufficientCapacityException))]
    [InlineData("SpotMaxPriceTooLow", 400, typeof(InsufficientCapacityException))]
    [InlineData("MaxSpotInstanceCountExceeded", 400, typeof(QuotaExceededException))]
    [InlineData("VcpuLimitExceeded", 400, typeof(QuotaExceededException))]
    [InlineData("InstanceLimitExceeded", 400, typeof(QuotaExceededException))]
    [InlineData("UnauthorizedOperation", 403, typeof(UnauthorizedException))]
    [InlineData("InvalidParameterValue", 400, typeof(InvalidSpecException))]
    public async Task Each_launch_error_maps_to_its_typed_error(string code, int status, Type expected)
    {
        _fake.FailNext("RunInstances", code, status, times: 3);

        var error = await Assert.ThrowsAnyAsync<CloudException>(() => _aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.CloudCode);
        Assert.Equal("aws", error.Cloud);
        if (error is InsufficientCapacityException capacity)
        {
            Assert.Equal(Zone, capacity.Location);
            Assert.Equal(Market.Spot, capacity.Market);
        }
    }

    [Fact]
    public async Task A_capacity_or_auth_error_is_not_retried_and_says_what_to_check()
    {
        _fake.FailNext("RunInstances", "UnauthorizedOperation", 403);

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => _aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None));

        Assert.Single(_fake.Requests, r => r["Action"] == "RunInstances");
        Assert.Contains("IAM policy", error.Message, StringComparison.Ordinal);
        _fake.FailNext("RunInstances", "InsufficientInstanceCapacity", 500);
        await Assert.ThrowsAsync<InsufficientCapacityException>(() => _aws.LaunchAsync(Request("r2", Market.Spot), CancellationToken.None));
        Assert.Equal(2, _fake.Requests.Count(r => r["Action"] == "RunInstances"));
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_then_succeeds_or_surfaces_as_throttled()
    {
        _fake.FailNext("RunInstances", "RequestLimitExceeded", 503, times: 2);

        var instance = await _aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);

        Assert.Equal(3, _fake.Requests.Count(r => r["Action"] == "RunInstances"));
        Assert.Equal(InstanceState.Pending, instance.State);

        _fake.FailNext("DescribeInstances", "RequestLimitExceeded", 503, times: 3);
        var throttled = await Assert.ThrowsAsync<ThrottledException>(() => _aws.ListAsync("svc", CancellationToken.None));
        Assert.Equal("RequestLimitExceeded", throttled.CloudCode);
    }

    [Fact]
    public async Task With_a_vpc_each_service_gets_a_group_admitting_its_port_from_the_router_only()
    {
        AwsCloudProvider Provider() => new(new AwsOptions
        {
            Regions = new Dictionary<string, AwsRegionOptions>
            {
                ["us-east-1"] = new("ami-0abcdef1234567890", new Dictionary<string, string> { ["use1-az1"] = "subnet-11111111" }, ["sg-22222222"], VpcId: "vpc-1"),
            },
            AdminUrl = new Uri("https://skyhedge-admin.example.net"),
            ServiceUrl = _fake.Url,
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "fake-secret-key"),
            RouterCidrs = ["10.20.0.0/24", "203.0.113.7/32"],
        });

        using (var aws = Provider())
        {
            await aws.LaunchAsync(Request("r1", Market.Spot), CancellationToken.None);
            await aws.LaunchAsync(Request("r2", Market.Spot), CancellationToken.None);
        }

        using (var restarted = Provider())
        {
            await restarted.LaunchAsync(Request("r3", Market.Spot), CancellationToken.None); // the group and rule exist: reused
        }

        Assert.Equal(["tcp:8000-8000:10.20.0.0/24", "tcp:8000-8000:203.0.113.7/32"], _fake.GroupRules["skyhedge-svc"].Order(StringComparer.Ordinal));
        Assert.Equal(2, _fake.Requests.Count(r => r["Action"] == "CreateSecurityGroup")); // once per provider; the second found it
        var create = _fake.Requests.First(r => r["Action"] == "CreateSecurityGroup");
        Assert.Equal("vpc-1", create["VpcId"]);
        var runs = _fake.Requests.Where(r => r["Action"] == "RunInstances").ToList();
        Assert.All(runs, r => Assert.Equal("sg-22222222", r["SecurityGroupId.1"]));
        Assert.Single(runs.Select(r => r["SecurityGroupId.2"]).Distinct());
        Assert.DoesNotContain(_fake.GroupRules["skyhedge-svc"], rule => rule.Contains(":22-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offerings_come_from_the_catalog_in_configured_zones()
    {
        var offerings = await _aws.GetOfferingsAsync(new ResourceCandidate { Accelerators = [new AcceleratorRequest("A10G", 1)] }, CancellationToken.None);

        Assert.NotEmpty(offerings);
        Assert.All(offerings, o => Assert.Equal("us-east-1", o.Location.Region));
        Assert.All(offerings.Where(o => o.Market == Market.Spot), o => Assert.Equal("use1-az1", o.Location.Zone));
        Assert.Contains(offerings, o => o.Market == Market.OnDemand);
        Assert.Empty(await _aws.GetOfferingsAsync(new ResourceCandidate { Cloud = "gcp", Accelerators = [new AcceleratorRequest("A10G", 1)] }, CancellationToken.None));
    }

    private static LaunchRequest Request(string replica, Market market) => new(
        "svc",
        replica,
        new Offering("g5.xlarge", "A10G", 1, Zone, market, 0.45m),
        new ServiceSpec { Name = "svc", Run = "vllm serve meta-llama/Llama-2-7b-chat-hf --port 8000", Resources = new ResourcesSpec { Ports = [8000] } },
        $"svc-{replica}-token",
        "replica-secret-" + replica);
}
