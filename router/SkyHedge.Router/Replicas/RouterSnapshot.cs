using System.Collections.Frozen;

namespace SkyHedge.Router.Replicas;

/// <summary>An immutable view of every service and replica, swapped atomically on each change so a request sees one
/// consistent picture.</summary>
internal sealed class RouterSnapshot
{
    private RouterSnapshot(IEnumerable<ServiceRoutes> services)
    {
        Services = services.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        Replicas = Services.Values.SelectMany(s => s.Replicas).ToFrozenDictionary(r => r.Key, StringComparer.Ordinal);
    }

    public static RouterSnapshot Empty { get; } = new([]);

    public FrozenDictionary<string, ServiceRoutes> Services { get; }

    /// <summary>Every replica by <see cref="RoutableReplica.Key"/> (the YARP destination id).</summary>
    public FrozenDictionary<string, RoutableReplica> Replicas { get; }

    public static RouterSnapshot Of(IEnumerable<ServiceRoutes> services) => new(services);

    /// <summary>This snapshot with one service replaced (null: removed).</summary>
    public RouterSnapshot With(string name, ServiceRoutes? service) =>
        new(Services.Values.Where(s => s.Name != name).Concat(service is null ? [] : [service]));
}
