namespace SkyHedge.Control.State;

/// <summary>A service as stored: its spec text and the version of it replicas are launched from.</summary>
/// <param name="Name">The service name (table row key).</param>
/// <param name="SpecYaml">The spec exactly as submitted, validated by the admin API before it is stored; kept as
/// text so an upgrade of the parser never rewrites what the user wrote.</param>
/// <param name="Version">1 on creation, +1 each time <paramref name="SpecYaml"/> changes. Assigned by the store.</param>
/// <param name="Status">What the control plane is doing with it.</param>
/// <param name="CreatedAt">When it was created (UTC). Assigned by the store.</param>
/// <param name="UpdatedAt">When it last changed (UTC). Assigned by the store.</param>
/// <param name="Routing">The request-size routing table as stored JSON (<see cref="Core.Routing.RoutingTable.ToJson"/>,
/// validated by the admin API), or null for none (one pool of every replica). Not part of the spec: changing it
/// does not change <paramref name="Version"/>, so replicas are never rolled for it; the router reads it.</param>
public sealed record ServiceRecord(
    string Name, string SpecYaml, int Version, ServiceStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Routing = null);
