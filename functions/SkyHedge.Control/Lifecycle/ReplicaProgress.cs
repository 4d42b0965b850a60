using SkyHedge.Core.Model;

namespace SkyHedge.Control.Lifecycle;

/// <summary>What a replica orchestration needs to know of its row to pick up where it is.</summary>
/// <param name="Exists">False when the row is gone (nothing to do).</param>
/// <param name="LaunchTime">When provisioning began (the initial-delay clock).</param>
/// <param name="InitialDelaySeconds">The spec's readiness <c>initial_delay_seconds</c>.</param>
/// <param name="Noticed">Draining because the cloud announced a preemption: the drain ends as Preempted, so the
/// policy counts the loss in its zone even when the drain finishes before the cloud takes the instance.</param>
public sealed record ReplicaProgress(bool Exists, ReplicaStatus Status, DateTimeOffset? LaunchTime, int InitialDelaySeconds, bool Noticed = false)
{
    /// <summary>The reason recorded when an interruption notice starts a drain.</summary>
    public const string NoticeReason = "interruption notice";
}
