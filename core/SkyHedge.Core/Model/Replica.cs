namespace SkyHedge.Core.Model;

/// <summary>
/// One replica of a service: the row the state store keeps and cost reports are computed from.
/// </summary>
/// <param name="Id">Unique replica id; also the idempotency key for cloud calls.</param>
/// <param name="Service">Service name (<c>ServiceSpec.Name</c>).</param>
/// <param name="Cloud">Cloud id (<see cref="Clouds"/>).</param>
/// <param name="Region">Region.</param>
/// <param name="Zone">Zone; empty where the cloud has none (Azure here).</param>
/// <param name="InstanceType">VM size.</param>
/// <param name="Accelerator">Canonical GPU id.</param>
/// <param name="Market">Spot or on-demand.</param>
/// <param name="HourlyPrice">USD/h agreed at launch.</param>
/// <param name="Status">Current status; change it only through <see cref="TransitionTo"/>.</param>
/// <param name="LaunchTime">When provisioning started (billing starts).</param>
/// <param name="ReadyTime">When it first became ready.</param>
/// <param name="EndTime">When it reached a terminal status (billing ends).</param>
/// <param name="Reason">Why it is in its status (last reason given), e.g. "preempted", "scale down".</param>
public sealed record Replica(
    string Id,
    string Service,
    string Cloud,
    string Region,
    string Zone,
    string InstanceType,
    string Accelerator,
    Market Market,
    decimal HourlyPrice,
    ReplicaStatus Status,
    DateTimeOffset? LaunchTime = null,
    DateTimeOffset? ReadyTime = null,
    DateTimeOffset? EndTime = null,
    string? Reason = null)
{
    /// <summary>The replica's location.</summary>
    public Location Location => new(Cloud, Region, Zone);

    /// <summary>
    /// A copy in status <paramref name="next"/>, validated by <see cref="ReplicaStateMachine.Transition"/>. Stamps
    /// <see cref="LaunchTime"/> on entering Provisioning, <see cref="ReadyTime"/> on the first Ready (a recovery
    /// from NotReady keeps the first), and <see cref="EndTime"/> on entering a terminal status.
    /// </summary>
    /// <param name="next">The new status.</param>
    /// <param name="now">The caller's clock (the domain has no clock of its own).</param>
    /// <param name="reason">Why; kept unless a new one is given.</param>
    /// <exception cref="InvalidOperationException">The edge is not allowed.</exception>
    public Replica TransitionTo(ReplicaStatus next, DateTimeOffset now, string? reason = null)
    {
        ReplicaStateMachine.Transition(Status, next);
        return this with
        {
            Status = next,
            LaunchTime = next == ReplicaStatus.Provisioning ? LaunchTime ?? now : LaunchTime,
            ReadyTime = next == ReplicaStatus.Ready ? ReadyTime ?? now : ReadyTime,
            EndTime = ReplicaStateMachine.IsTerminal(next) ? now : EndTime,
            Reason = reason ?? Reason,
        };
    }

    /// <summary>USD billed from launch until the end time, or until <paramref name="now"/> while it still runs.</summary>
    public decimal CostUpTo(DateTimeOffset now)
    {
        if (LaunchTime is not { } start)
        {
            return 0m;
        }

        var end = EndTime ?? now;
        return end <= start ? 0m : HourlyPrice * (decimal)(end - start).TotalHours;
    }
}
