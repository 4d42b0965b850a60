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

    public int ConsecutiveLosses { get; private set; }

    public double LastLossAt { get; private set; } = double.NegativeInfinity;

    /// <summary>Ages the memory by <paramref name="elapsedSeconds"/> and adds this tick's exposure.</summary>
    public void Observe(double elapsedSeconds, int aliveReplicas, int losses, double halfLifeSeconds, double now)
    {
        var decay = Math.Pow(0.5, elapsedSeconds / halfLifeSeconds);
        _losses = (_losses * decay) + losses;
        _exposureSeconds = (_exposureSeconds * decay) + ((aliveReplicas + losses) * elapsedSeconds);
        if (losses > 0)
        {
            ConsecutiveLosses++;
            LastLossAt = now;
        }
        else if (aliveReplicas > 0)
        {
            ConsecutiveLosses = 0;
        }
    }

    /// <summary>Expected losses per replica-second.</summary>
    public double Rate(SkyHedgeOptions o) =>
        (_losses + (o.PriorWeightSeconds / o.PriorSecondsPerLoss)) / (_exposureSeconds + o.PriorWeightSeconds);

    /// <summary>Whether the zone is still backing off after its latest losses at time <paramref name="now"/>.</summary>
    public bool CoolingDown(double now, SkyHedgeOptions o)
    {
        if (ConsecutiveLosses == 0)
        {
            return false;
        }

        var backoff = Math.Min(o.MaxCooldownSeconds, o.CooldownSeconds * Math.Pow(2, ConsecutiveLosses - 1));
        return now - LastLossAt < backoff;
    }
}
