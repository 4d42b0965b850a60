namespace SkyHedge.Cli.Admin;

/// <summary>What the CLI reads of a service view (<c>GET /api/services/{name}</c>); other fields are ignored, so a
/// newer API with more fields still works. Enum values stay strings (<c>shutting_down</c>), as the API writes them.</summary>
internal sealed record ServiceInfo(
    string Name,
    int Version,
    string Status,
    IReadOnlyList<ReplicaInfo> Replicas,
    IReadOnlyList<LocationInfo> Locations,
    CostInfo Cost);
