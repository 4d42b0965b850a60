namespace SkyHedge.Core.Spec;

/// <summary>The <c>service:</c> section (SkyServe's service spec).</summary>
public sealed record ServiceSection
{
    public ReadinessProbeSpec ReadinessProbe { get; init; } = new();

    public ReplicaPolicySpec ReplicaPolicy { get; init; } = new();

    /// <summary>
    /// How the router picks a replica within a pool: <c>instance_aware_least_load</c> (default: fewest in-flight
    /// requests per unit of GPU capacity, so mixed GPU types share load by what they can do), <c>least_load</c> or
    /// <c>round_robin</c> (SkyServe's names).
    /// </summary>
    public string LoadBalancingPolicy { get; init; } = SpecDefaults.LoadBalancingPolicy;

    /// <summary>SkyServe's <c>service.ports</c>: the replica port to route to, overriding <c>resources.ports</c>.</summary>
    public int? Port { get; init; }
}
