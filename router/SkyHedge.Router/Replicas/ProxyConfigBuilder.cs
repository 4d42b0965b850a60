using SkyHedge.Router.Pipeline;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace SkyHedge.Router.Replicas;

/// <summary>
/// The YARP configuration for a snapshot. The OpenAI routes match by path only and point at an empty placeholder
/// cluster; the admission step reads <c>model</c> from the body and reassigns the request to that service's cluster
/// (one per service, one destination per replica, keyed by <see cref="RoutableReplica.Key"/>). Pools are not
/// clusters: the load balancer picks the pool per request, so a replica's in-flight count is one number.
/// </summary>
internal static class ProxyConfigBuilder
{
    public const string UnassignedCluster = "unassigned";

    /// <summary>The inference paths the router proxies.</summary>
    public static IReadOnlyList<string> InferencePaths { get; } = ["/v1/completions", "/v1/chat/completions", "/v1/embeddings"];

    public static IReadOnlyList<RouteConfig> Routes { get; } =
    [
        .. InferencePaths.Select(path => new RouteConfig
        {
            RouteId = path.Trim('/').Replace('/', '-'),
            ClusterId = UnassignedCluster,
            Match = new RouteMatch { Path = path, Methods = ["POST"] },
        }),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(RouterSnapshot snapshot, RouterOptions options)
    {
        var request = new ForwarderRequestConfig { ActivityTimeout = options.UpstreamTimeout };
        var clusters = new List<ClusterConfig> { new() { ClusterId = UnassignedCluster } };
        foreach (var service in snapshot.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            clusters.Add(new ClusterConfig
            {
                ClusterId = service.ClusterId,
                LoadBalancingPolicy = PoolLoadBalancer.Name,
                HttpRequest = request,
                Destinations = service.Replicas.ToDictionary(r => r.Key, r => new DestinationConfig { Address = r.Address }, StringComparer.Ordinal),
            });
        }

        return clusters;
    }
}
