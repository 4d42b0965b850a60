using SkyHedge.Core.Model;

namespace SkyHedge.Control.Lifecycle;

/// <summary>Move a replica's row to <paramref name="To"/> (through the core state machine) and record why.</summary>
/// <param name="InstanceId">Set on the row with the transition (the launch's result).</param>
public sealed record TransitionRequest(ReplicaKey Key, ReplicaStatus To, string Reason, string? InstanceId = null);
