using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using SkyHedge.Clouds.Startup;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using CloudIds = SkyHedge.Core.Model.Clouds;
using Ec2InstanceState = Amazon.EC2.Model.InstanceState;
using InstanceState = SkyHedge.Core.Ports.InstanceState;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>
/// AWS EC2 behind the <see cref="ICloudProvider"/> seam, through the AWS SDK (EC2's Query API). A launch is one
/// RunInstances: spot as a one-time request that terminates on interruption, or on-demand; <c>ClientToken</c> = the
/// replica's idempotency token, so a repeated launch returns the same instance; the subnet of the offering's zone id;
/// tags <c>skyhedge:service</c>, <c>skyhedge:replica</c>, <c>skyhedge:zone</c>, <c>skyhedge:port</c>; user data = the
/// shared startup wrapper. Instance ids crossing the seam are <c>REGION/i-…</c>, so every call knows its region.
/// </summary>
/// <remarks>Errors: capacity codes (InsufficientInstanceCapacity, SpotMaxPriceTooLow, …) →
/// <see cref="InsufficientCapacityException"/>; MaxSpotInstanceCountExceeded, VcpuLimitExceeded,
/// InstanceLimitExceeded → <see cref="QuotaExceededException"/>; RequestLimitExceeded (after the SDK's retries) →
/// <see cref="ThrottledException"/>; UnauthorizedOperation, AuthFailure → <see cref="UnauthorizedException"/>;
/// anything else, e.g. InvalidParameterValue → <see cref="InvalidSpecException"/>.</remarks>
public sealed class AwsCloudProvider : ICloudProvider, IDisposable
{
    /// <summary>Tag keys (every SkyHedge instance has <see cref="ServiceTag"/>).</summary>
    public const string ServiceTag = "skyhedge:service";

    public const string ReplicaTag = "skyhedge:replica";

    public const string ZoneTag = "skyhedge:zone";

    public const string PortTag = "skyhedge:port";

    private static readonly string[] LiveStates = ["pending", "running", "shutting-down", "stopping", "stopped"];

    private readonly AwsOptions _options;
    private readonly PriceCatalog _catalog;
    private readonly ConcurrentDictionary<string, AmazonEC2Client> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _serviceGroups = new(StringComparer.Ordinal);
    private readonly AwsSpotPrices _spotPrices;

    public AwsCloudProvider(AwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _catalog = options.Catalog ?? PriceCatalog.Default;
        _spotPrices = new AwsSpotPrices(Client, options, options.Time);
    }

    /// <inheritdoc/>
    public string Cloud => CloudIds.Aws;

    /// <inheritdoc/>
    public async Task<CloudInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var offering = request.Offering;
        var region = Region(offering.Location.Region);
        if (!region.Subnets.TryGetValue(offering.Location.Zone, out var subnet))
        {
            throw new InvalidSpecException(Cloud, $"no subnet configured for zone {offering.Location.Zone} of {offering.Location.Region} (configured: {string.Join(", ", region.Subnets.Keys)})", "NoSubnet");
        }

        var port = request.Spec.Resources.Ports.Count > 0 ? request.Spec.Resources.Ports[0] : 8080;
        var script = StartupScript.Generate(request.Spec, new StartupSettings(request.Service, request.ReplicaId, request.ReplicaToken, _options.AdminUrl, MetadataFlavor.Aws));
        List<string> groups = [.. region.SecurityGroupIds];
        if (region.VpcId is { } vpc && _options.RouterCidrs.Count > 0)
        {
            groups.Add(await ServiceGroupAsync(offering.Location.Region, vpc, request.Service, port, cancellationToken).ConfigureAwait(false));
        }
        var run = new RunInstancesRequest
        {
            ImageId = request.Spec.Resources.ImageId is { Length: > 0 } ami && ami.StartsWith("ami-", StringComparison.Ordinal) ? ami : region.ImageId,
            InstanceType = InstanceType.FindValue(offering.InstanceType),
            MinCount = 1,
            MaxCount = 1,
            ClientToken = request.IdempotencyToken,
            SubnetId = subnet,
            SecurityGroupIds = groups,
            UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(script)),
            TagSpecifications =
            [
                new TagSpecification
                {
                    ResourceType = ResourceType.Instance,
                    Tags =
                    [
                        new Tag(ServiceTag, request.Service),
                        new Tag(ReplicaTag, request.ReplicaId),
                        new Tag(ZoneTag, offering.Location.Zone),
                        new Tag(PortTag, port.ToString(CultureInfo.InvariantCulture)),
                        new Tag("Name", $"skyhedge-{request.Service}-{request.ReplicaId}"),
                    ],
                },
            ],
            InstanceMarketOptions = offering.Market == Market.Spot
                ? new InstanceMarketOptionsRequest
                {
                    MarketType = MarketType.Spot,
                    SpotOptions = new SpotMarketOptions { SpotInstanceType = SpotInstanceType.OneTime, InstanceInterruptionBehavior = InstanceInterruptionBehavior.Terminate },
                }
                : null,
        };
        try
        {
            var response = await AwsRetry.RunAsync(() => Client(offering.Location.Region).RunInstancesAsync(run, cancellationToken), _options.MaxErrorRetry, cancellationToken).ConfigureAwait(false);
            var instance = response.Reservation?.Instances?.FirstOrDefault()
                ?? throw new InvalidSpecException(Cloud, "RunInstances returned no instance", "EmptyReservation");
            return ToCloudInstance(offering.Location.Region, instance);
        }
        catch (AmazonEC2Exception e)
        {
            throw AwsErrors.Map(e, offering.Location, offering.Market);
        }
    }

    /// <inheritdoc/>
    public async Task<CloudInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var (region, id) = Split(instanceId);
        try
        {
            var response = await AwsRetry.RunAsync(
                () => Client(region).DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] }, cancellationToken), _options.MaxErrorRetry, cancellationToken).ConfigureAwait(false);
            var instance = (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).FirstOrDefault(i => i.InstanceId == id);
            return instance is null ? null : ToCloudInstance(region, instance);
        }
        catch (AmazonEC2Exception e) when (AwsErrors.IsNotFound(e))
        {
            return null;
        }
        catch (AmazonEC2Exception e)
        {
            throw AwsErrors.Map(e);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CloudInstance>> ListAsync(string? service, CancellationToken cancellationToken)
    {
        var found = new List<CloudInstance>();
        foreach (var region in _options.Regions.Keys.Order(StringComparer.Ordinal))
        {
            var request = new DescribeInstancesRequest
            {
                Filters =
                [
                    service is null ? new Filter("tag-key", [ServiceTag]) : new Filter("tag:" + ServiceTag, [service]),
                    new Filter("instance-state-name", [.. LiveStates]),
                ],
            };
            try
            {
                do
                {
                    var response = await AwsRetry.RunAsync(() => Client(region).DescribeInstancesAsync(request, cancellationToken), _options.MaxErrorRetry, cancellationToken).ConfigureAwait(false);
                    found.AddRange((response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(i => ToCloudInstance(region, i)));
                    request.NextToken = response.NextToken;
                }
                while (!string.IsNullOrEmpty(request.NextToken));
            }
            catch (AmazonEC2Exception e)
            {
                throw AwsErrors.Map(e);
            }
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var (region, id) = Split(instanceId);
        try
        {
            await AwsRetry.RunAsync(
                () => Client(region).TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [id] }, cancellationToken), _options.MaxErrorRetry, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonEC2Exception e) when (AwsErrors.IsNotFound(e))
        {
            // Already gone: a retried terminate succeeds.
        }
        catch (AmazonEC2Exception e)
        {
            throw AwsErrors.Map(e);
        }
    }

    /// <inheritdoc/>
    /// <remarks>From the price catalog (AWS rows), in the regions configured here, for each accelerator the entry
    /// accepts; zones are availability-zone ids. Spot prices are EC2's current ones where it quotes them (see
    /// <see cref="AwsOptions.SpotPriceRefresh"/>).</remarks>
    public Task<IReadOnlyList<Offering>> GetOfferingsAsync(ResourceCandidate candidate, CancellationToken cancellationToken) =>
        _spotPrices.ApplyAsync(
            CatalogOfferings.For(_catalog, Cloud, candidate, l => _options.Regions.TryGetValue(l.Region, out var r) && (l.Zone.Length == 0 || r.Subnets.ContainsKey(l.Zone))),
            cancellationToken);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    // skyhedge-SERVICE in the VPC, admitting the model port over TCP from the router's CIDRs and nothing else (a new
    // group has no inbound rule, so SSH stays closed). Created once; an existing group or rule is reused.
    private async Task<string> ServiceGroupAsync(string region, string vpc, string service, int port, CancellationToken cancellationToken)
    {
        var key = $"{region}/{vpc}/{service}/{port}";
        if (_serviceGroups.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var client = Client(region);
        var name = $"skyhedge-{service}";
        string groupId;
        try
        {
            try
            {
                var created = await AwsRetry.RunAsync(
                    () => client.CreateSecurityGroupAsync(
                        new CreateSecurityGroupRequest
                        {
                            GroupName = name,
                            Description = $"SkyHedge {service}: model port {port} from the router only",
                            VpcId = vpc,
                            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.SecurityGroup, Tags = [new Tag(ServiceTag, service)] }],
                        },
                        cancellationToken),
                    _options.MaxErrorRetry,
                    cancellationToken).ConfigureAwait(false);
                groupId = created.GroupId;
            }
            catch (AmazonEC2Exception e) when (e.ErrorCode == "InvalidGroup.Duplicate")
            {
                var existing = await AwsRetry.RunAsync(
                    () => client.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("group-name", [name]), new Filter("vpc-id", [vpc])] }, cancellationToken),
                    _options.MaxErrorRetry,
                    cancellationToken).ConfigureAwait(false);
                groupId = existing.SecurityGroups?.FirstOrDefault()?.GroupId ?? throw new InvalidSpecException(Cloud, $"security group {name} exists but cannot be found in {vpc}", "GroupNotFound");
            }

            try
            {
                await AwsRetry.RunAsync(
                    () => client.AuthorizeSecurityGroupIngressAsync(
                        new AuthorizeSecurityGroupIngressRequest
                        {
                            GroupId = groupId,
                            IpPermissions =
                            [
                                new IpPermission
                                {
                                    IpProtocol = "tcp",
                                    FromPort = port,
                                    ToPort = port,
                                    Ipv4Ranges = [.. _options.RouterCidrs.Select(c => new IpRange { CidrIp = c, Description = "SkyHedge router" })],
                                },
                            ],
                        },
                        cancellationToken),
                    _options.MaxErrorRetry,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonEC2Exception e) when (e.ErrorCode == "InvalidPermission.Duplicate")
            {
                // The rule is already there.
            }
        }
        catch (AmazonEC2Exception e)
        {
            throw AwsErrors.Map(e);
        }

        _serviceGroups[key] = groupId;
        return groupId;
    }

    private AwsRegionOptions Region(string region) =>
        _options.Regions.TryGetValue(region, out var r)
            ? r
            : throw new InvalidSpecException(Cloud, $"region {region} is not configured (configured: {string.Join(", ", _options.Regions.Keys)})", "RegionNotConfigured");

    private AmazonEC2Client Client(string region) => _clients.GetOrAdd(region, r =>
    {
        // The SDK's own retries are off: it would retry capacity errors (HTTP 500); AwsRetry retries throttles only.
        var config = new AmazonEC2Config { MaxErrorRetry = 0 };
        if (_options.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = r;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(r);
        }

        return _options.Credentials is { } credentials ? new AmazonEC2Client(credentials, config) : new AmazonEC2Client(config);
    });

    private (string Region, string Id) Split(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var slash = instanceId.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (instanceId[..slash], instanceId[(slash + 1)..]) : throw new InstanceNotFoundException(Cloud, instanceId, "MalformedId");
    }

    private CloudInstance ToCloudInstance(string region, Instance instance)
    {
        string? Tag(string key) => instance.Tags?.FirstOrDefault(t => t.Key == key)?.Value;
        var state = instance.State?.Name?.Value switch
        {
            "pending" => InstanceState.Pending,
            "running" => InstanceState.Running,
            "shutting-down" or "stopping" or "stopped" => InstanceState.Stopping,
            _ => InstanceState.Terminated,
        };
        if (instance.StateReason?.Code == "Server.SpotInstanceTermination" && state is InstanceState.Stopping or InstanceState.Terminated)
        {
            state = InstanceState.Preempted;
        }

        var market = instance.InstanceLifecycle?.Value == "spot" ? Market.Spot : Market.OnDemand;
        var address = instance.PrivateIpAddress is { Length: > 0 } ip ? $"http://{ip}:{Tag(PortTag) ?? "8080"}" : null;
        return new CloudInstance(
            $"{region}/{instance.InstanceId}",
            Tag(ServiceTag) ?? string.Empty,
            Tag(ReplicaTag) ?? string.Empty,
            new Location(Cloud, region, Tag(ZoneTag) ?? instance.Placement?.AvailabilityZone ?? string.Empty),
            market,
            instance.InstanceType?.Value ?? string.Empty,
            state,
            address,
            instance.LaunchTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : DateTimeOffset.MinValue);
    }
}
