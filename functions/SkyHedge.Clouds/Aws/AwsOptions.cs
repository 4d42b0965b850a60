using Amazon.Runtime;
using SkyHedge.Core.Catalog;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>Where and how the AWS adapter launches replicas. Every region a service may use needs an entry in
/// <see cref="Regions"/>; see the README's "AWS" section for the permissions the credentials need.</summary>
public sealed class AwsOptions
{
    /// <summary>Per region: the AMI, the subnet per availability-zone id and the security groups.</summary>
    public required IReadOnlyDictionary<string, AwsRegionOptions> Regions { get; init; }

    /// <summary>The admin API the replicas' notice watchers report to.</summary>
    public required Uri AdminUrl { get; init; }

    /// <summary>Null (the default): the SDK's credential chain (environment, profile, instance or container role,
    /// web identity). Never logged.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Null: each region's public EC2 endpoint. Set for a VPC endpoint, or a loopback fake in tests.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>Retries of throttled calls (RequestLimitExceeded, 429) and EC2's transient server errors, with
    /// full-jitter exponential backoff from 200 ms; capacity errors are never retried (the placer moves on).</summary>
    public int MaxErrorRetry { get; init; } = 4;

    /// <summary>The router's egress addresses (CIDRs). With a region's <see cref="AwsRegionOptions.VpcId"/> set, each
    /// service gets its own security group admitting its model port from these only (no SSH, nothing else).</summary>
    public IReadOnlyList<string> RouterCidrs { get; init; } = [];

    /// <summary>The SQS queue an EventBridge rule sends EC2 spot interruption warnings and rebalance recommendations
    /// to (see the README's "AWS" section); null: only the replicas' own watchers report notices.</summary>
    public Uri? NoticeQueueUrl { get; init; }

    /// <summary>How long live spot prices (EC2 DescribeSpotPriceHistory, per zone) are kept before the next
    /// refresh; <see cref="TimeSpan.Zero"/> uses the shipped catalog's prices only.</summary>
    public TimeSpan SpotPriceRefresh { get; init; } = DefaultSpotPriceRefresh;

    /// <summary>Ten minutes: EC2 spot prices change at most a few times an hour, and one call per region and
    /// interval stays far below DescribeSpotPriceHistory's request rate limits.</summary>
    public static readonly TimeSpan DefaultSpotPriceRefresh = TimeSpan.FromMinutes(10);

    /// <summary>Told when a live price refresh fails and the adapter keeps its previous (or the catalog's) prices;
    /// the Functions app logs it as a warning.</summary>
    public Action<string>? PriceWarning { get; init; }

    /// <summary>The clock of the price cache (tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Offerings and prices (default: the shipped catalog; spot prices refreshed live, see
    /// <see cref="SpotPriceRefresh"/>).</summary>
    public PriceCatalog? Catalog { get; init; }
}

/// <summary>One region's launch settings.</summary>
/// <param name="ImageId">The AMI replicas boot (a GPU image with the drivers, docker and curl).</param>
/// <param name="Subnets">Subnet per availability-zone id (e.g. <c>use1-az1</c>): the zone ids of the price catalog,
/// which unlike zone names are the same in every account.</param>
/// <param name="SecurityGroupIds">Groups every replica gets (e.g. egress rules). Without <paramref name="VpcId"/> they
/// must also admit the model port from the router.</param>
/// <param name="VpcId">The subnets' VPC: when set (with <see cref="AwsOptions.RouterCidrs"/>), the adapter creates one
/// security group per service, <c>skyhedge-SERVICE</c>, admitting the model port from the router only.</param>
public sealed record AwsRegionOptions(string ImageId, IReadOnlyDictionary<string, string> Subnets, IReadOnlyList<string> SecurityGroupIds, string? VpcId = null);
