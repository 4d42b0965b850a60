using SkyHedge.Core.Model;

namespace SkyHedge.Control.Lifecycle;

/// <summary>What a replica orchestration needs to know of its row to pick up where it is.</summary>
/// <param name="Exists">False when the row is gone (nothing to do).</param>
/// <param name="LaunchTime">When provisioning began (the initial-delay clock).</param>
/// <param name="InitialDelaySeconds">The spec's readiness <c>initial_delay_seconds</c>.</param>
public sealed record ReplicaProgress(bool Exists, ReplicaStatus Status, DateTimeOffset? LaunchTime, int InitialDelaySeconds);
