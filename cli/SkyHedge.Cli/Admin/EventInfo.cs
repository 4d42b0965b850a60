namespace SkyHedge.Cli.Admin;

/// <summary>One audit-trail entry (<c>GET /api/services/{name}/events</c>).</summary>
internal sealed record EventInfo(
    DateTimeOffset Time,
    string ReplicaId,
    string Actor,
    string Action,
    string? FromStatus,
    string? ToStatus,
    string? Reason,
    string? Detail);
