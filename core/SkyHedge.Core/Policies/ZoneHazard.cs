namespace SkyHedge.Core.Policies;

/// <summary>
/// A zone's loss rate estimated online from the policy's own history only: exponentially decayed losses
/// (preemptions and refused launches) over decayed replica-exposure, with a prior so an untried zone is
/// neither feared nor trusted.
/// </summary>
internal sealed class ZoneHazard
{
    private double _losses;
    private double _exposureSeconds;

    public ZoneHazard(ZoneHazardState? state = null)
    {
        _losses = state?.Losses ?? 0;
        _exposureSeconds = state?.ExposureSeconds ?? 0;
    }

    public ZoneHazardState Snapshot() => new(_losses, _exposureSeconds);

    /// <summary>Ages the memory by <paramref name="elapsedSeconds"/> and adds this tick's exposure and losses.</summary>
    public void Observe(double elapsedSeconds, int aliveReplicas, int losses, double halfLifeSeconds)
    {
        var decay = Math.Pow(0.5, elapsedSeconds / halfLifeSeconds);
        _losses = (_losses * decay) + losses;
        _exposureSeconds = (_exposureSeconds * decay) + ((aliveReplicas + losses) * elapsedSeconds);
    }

    /// <summary>Expected losses per replica-second.</summary>
    public double Rate(SkyHedgeOptions o) =>
        (_losses + (o.PriorWeightSeconds / o.PriorSecondsPerLoss)) / (_exposureSeconds + o.PriorWeightSeconds);
}
