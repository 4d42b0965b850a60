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
            // A loss soon after the previous back-off ended extends the streak (the zone is still bad); one long
            // after starts a new streak. Survivors alone do not end a streak: a zone that holds our replica but
            // refuses one more is full, and must not be retried every tick.
            ConsecutiveLosses = now - LastLossAt <= 2 * _lastBackoff ? ConsecutiveLosses + 1 : 1;
            LastLossAt = now;
        }
    }

    private double _lastBackoff;

    /// <summary>Records the back-off in force, so the next loss can tell whether it continues the streak.</summary>
    private double Backoff(SkyHedgeOptions o)
    {
        _lastBackoff = Math.Min(o.MaxCooldownSeconds, o.CooldownSeconds * Math.Pow(2, ConsecutiveLosses - 1));
        return _lastBackoff;
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

        return now - LastLossAt < Backoff(o);
    }
}
