using System.Globalization;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using SkyHedge.Core.Routing;
using SkyHedge.Core.Spec;

namespace SkyHedge.Router.Replicas;

/// <summary>Turns stored rows (or file entries) into <see cref="ServiceRoutes"/>: one place that knows the spec's
/// policy names, the routing-table format and how a GPU maps to a capacity.</summary>
internal static class ServiceRoutesFactory
{
    /// <summary>The spec's <c>load_balancing_policy</c> value → policy; unknown values get the default.</summary>
    public static LoadBalancing Policy(string? name) => name switch
    {
        "least_load" => LoadBalancing.LeastLoad,
        "round_robin" => LoadBalancing.RoundRobin,
        _ => LoadBalancing.InstanceAwareLeastLoad,
    };

    /// <summary><c>mix.default_max_tokens</c> when the spec sets a positive whole number, else <paramref name="fallback"/>.</summary>
    public static int DefaultMaxTokens(ServiceSpec? spec, int fallback) => spec?.Mix?.DefaultMaxTokens ?? fallback;

    public static RoutableReplica Replica(
        string service, string id, string address, string? token, string accelerator, string zone, string market, bool draining)
    {
        var pool = Accelerators.TryNormalize(accelerator, out var gpu) ? gpu : accelerator;
        return new RoutableReplica($"{service}/{id}", service, id, address.TrimEnd('/'), token, pool, zone, market, GpuCatalog.Default.RelativeCapacity(pool), draining);
    }

    public static ServiceRoutes Service(string name, LoadBalancing policy, RoutingTable routing, int defaultMaxTokens, IEnumerable<RoutableReplica> replicas) =>
        new(name, policy, routing, defaultMaxTokens, [.. replicas.OrderBy(r => r.Key, StringComparer.Ordinal)]);
}
