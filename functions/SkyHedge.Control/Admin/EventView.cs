using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>One audit-trail entry as <c>GET /api/services/{name}/events</c> shows it.</summary>
internal sealed record EventView(
    DateTimeOffset Time,
    string ReplicaId,
    string Actor,
    string Action,
    ReplicaStatus? FromStatus,
    ReplicaStatus? ToStatus,
    string? Reason,
    string? Detail);
