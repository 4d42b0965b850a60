namespace SkyHedge.Router.Replicas;

/// <summary>How a service's requests are spread over the replicas of the chosen pool (the spec's
/// <c>service.load_balancing_policy</c>).</summary>
internal enum LoadBalancing
{
    /// <summary>Fewest in-flight requests relative to the GPU's capacity (the default).</summary>
    InstanceAwareLeastLoad,

    /// <summary>Fewest in-flight requests.</summary>
    LeastLoad,

    /// <summary>In turn.</summary>
    RoundRobin,
}
