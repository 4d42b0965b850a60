using SkyHedge.Core.Catalog;

namespace SkyHedge.Clouds.GcpCompute;

/// <summary>Where and how the GCP adapter launches replicas (Compute Engine REST API v1).</summary>
public sealed class GcpOptions
{
    /// <summary>The project the instances live in.</summary>
    public required string Project { get; init; }

    /// <summary>Per region: the boot image and the subnetwork replicas get their address from.</summary>
    public required IReadOnlyDictionary<string, GcpRegionOptions> Regions { get; init; }

    /// <summary>The admin API the replicas' notice watchers report to.</summary>
    public required Uri AdminUrl { get; init; }

    /// <summary>An OAuth access token for the compute scope. Null (the default): Application Default Credentials
    /// (the app's workload identity or service account), through Google.Apis.Auth. Never logged.</summary>
    public Func<CancellationToken, Task<string>>? AccessToken { get; init; }

    /// <summary>A credential configuration (a service-account key or a workload identity federation file's JSON)
    /// used instead of Application Default Credentials; null: ADC. Never logged.</summary>
    public string? CredentialJson { get; init; }

    /// <summary>The API base (default <c>https://compute.googleapis.com/compute/v1/</c>; a loopback fake in tests).</summary>
    public Uri ApiBase { get; init; } = new("https://compute.googleapis.com/compute/v1/");

    /// <summary>Retries of rate-limited calls (429, <c>rateLimitExceeded</c>) with full-jitter backoff from 200 ms.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Longest wait for an insert or delete operation to finish.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The VPC network of the subnetworks (e.g. <c>global/networks/skyhedge</c>). With
    /// <see cref="RouterCidrs"/>, each service gets a firewall rule <c>skyhedge-SERVICE</c> on it admitting the model
    /// port from those addresses to the service's instances only (network tag <c>skyhedge-SERVICE</c>).</summary>
    public string? Network { get; init; }

    /// <summary>The router's egress addresses (CIDRs).</summary>
    public IReadOnlyList<string> RouterCidrs { get; init; } = [];

    /// <summary>Offerings and prices (default: the shipped catalog).</summary>
    public PriceCatalog? Catalog { get; init; }

    /// <summary>The HTTP handler (tests); null for a default one.</summary>
    public HttpMessageHandler? Handler { get; init; }
}

/// <summary>One region's launch settings.</summary>
/// <param name="Image">The boot image, e.g. <c>projects/deeplearning-platform-release/global/images/family/common-cu121</c>.</param>
/// <param name="Subnetwork">e.g. <c>regions/us-central1/subnetworks/skyhedge</c>; its firewall admits the model port
/// from the router only.</param>
public sealed record GcpRegionOptions(string Image, string Subnetwork);
