using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>One audit-trail entry: who or what changed a replica, how, and why.</summary>
/// <param name="Service">The service (partition).</param>
/// <param name="ReplicaId">The replica changed.</param>
/// <param name="Time">When (UTC).</param>
/// <param name="Actor">Who or what: an orchestration, activity, admin user or the router, e.g.
/// <c>reconciler</c>, <c>notice-watcher</c>, <c>admin:alice</c>.</param>
/// <param name="Action">What kind of change (<see cref="ReplicaEventActions"/>, or a caller's own word).</param>
/// <param name="FromStatus">Status before, when it changed (null on creation).</param>
/// <param name="ToStatus">Status after, when it changed or on creation.</param>
/// <param name="Reason">Why (the replica's reason after the change, or the caller's).</param>
/// <param name="Detail">Which fields changed (names only: never values, so a token never lands here).</param>
public sealed record ReplicaEvent(
    string Service,
    string ReplicaId,
    DateTimeOffset Time,
    string Actor,
    string Action,
    ReplicaStatus? FromStatus = null,
    ReplicaStatus? ToStatus = null,
    string? Reason = null,
    string? Detail = null);
