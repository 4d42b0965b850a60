using System.Text.Json.Nodes;
using SkyHedge.Control.State;

namespace SkyHedge.Control.Admin;

/// <summary>A service as <c>GET /api/services/{name}</c> shows it.</summary>
/// <param name="Version">The spec version replicas are rolled towards.</param>
/// <param name="Spec">The stored spec text as JSON (as submitted, not with defaults filled in).</param>
internal sealed record ServiceView(
    string Name,
    int Version,
    ServiceStatus Status,
    JsonNode? Spec,
    IReadOnlyList<ReplicaView> Replicas,
    IReadOnlyList<LocationView> Locations,
    CostView Cost);
