using Azure.Core;
using SkyHedge.Core.Catalog;

namespace SkyHedge.Clouds.AzureCompute;

/// <summary>Where and how the Azure adapter launches replicas: one resource group that holds the replica VMs, and
/// per region the subnet their NICs join and the image they boot.</summary>
public sealed class AzureOptions
{
    public required string SubscriptionId { get; init; }

    /// <summary>The resource group replica VMs are created in (the infra gives the app's identity a role there only).</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>Per region (e.g. <c>eastus</c>): subnet resource id and image.</summary>
    public required IReadOnlyDictionary<string, AzureRegionOptions> Regions { get; init; }

    /// <summary>The admin API the replicas' notice watchers report to.</summary>
    public required Uri AdminUrl { get; init; }

    /// <summary>The router's egress addresses (CIDRs). When set, each service gets, per region, a network security group
    /// <c>skyhedge-SERVICE-REGION-PORT</c> in <see cref="ResourceGroup"/> that its replicas' NICs join: TCP to the model
    /// port from these addresses only, every other inbound flow (SSH included) denied. Empty (the default): no group of
    /// ours, and the subnet's own NSG must do that.</summary>
    public IReadOnlyList<string> RouterCidrs { get; init; } = [];

    /// <summary>Null (the default): <c>DefaultAzureCredential</c> (the app's managed identity). Never logged.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Null: public Azure. Set for another cloud, or a loopback fake in tests.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Retries of throttled (429) calls, honouring Retry-After; capacity errors are never retried.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The HTTP transport (tests); null for the default.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Offerings and prices (default: the shipped catalog).</summary>
    public PriceCatalog? Catalog { get; init; }
}

/// <summary>One region's launch settings.</summary>
/// <param name="SubnetId">The subnet replica NICs join (created by the infra, per region).</param>
/// <param name="Image">A marketplace image as <c>publisher:offer:sku:version</c>, e.g.
/// <c>microsoft-dsvm:ubuntu-hpc:2204:latest</c>.</param>
public sealed record AzureRegionOptions(string SubnetId, string Image);
