namespace SkyHedge.Core.Policies;

/// <summary>
/// Knobs of the <see cref="SkyHedgePolicy"/>. Every default is set from first principles and the public
/// measurements of spot behaviour, never fitted to one trace; the reason is given with each.
/// </summary>
public sealed record SkyHedgeOptions
{
    /// <summary>Extra spot replicas beyond the target in normal weather. 1, as SpotHedge: one preemption at a time
    /// is the common case, and an extra that is already warm covers it with no gap.</summary>
    public int Overprovision { get; init; } = 1;

    /// <summary>No extra spot replica while the fleet is calm: the riskiest zone we hold replicas in, at its
    /// estimated loss rate, would cost a target-sized fleet fewer than this many losses per hour. 0.09 per hour:
    /// a loss is then less likely than 0.3 % within one 2-minute cold start (0.003 ÷ (120 s ÷ 3600 s)), the
    /// unavailability a 99.7 % service can afford, so a warm extra buys less than it costs. The prior (one loss per
    /// two hours) keeps the extra for a new or recently hit fleet; only hours without a loss in every zone we use
    /// bring the estimate below this. 0 keeps the extra always (SpotHedge's rule).</summary>
    public double CalmLossesPerHour { get; init; } = 0.09;

    /// <summary>Extra spot replicas during a storm (<see cref="StormPreemptions"/> of our replicas lost within
    /// <see cref="StormWindowSeconds"/>): losses faster than a cold start outrun a single extra. Equal to
    /// <see cref="Overprovision"/> (off) by default: on the public traces a second extra cost more spot than
    /// the availability it bought.</summary>
    public int MaxOverprovision { get; init; } = 1;

    /// <summary>Half-life of the per-zone preemption memory, in seconds. Six hours: long enough to remember a
    /// zone's bad day, short enough to notice it recover (spot availability is not stationary).</summary>
    public double HazardHalfLifeSeconds { get; init; } = 6 * 3600;

    /// <summary>Prior belief for an untried zone: one loss per this many replica-seconds. Spot replicas in
    /// public traces live hours, not days, so two hours is a neutral, slightly optimistic start that makes
    /// untried zones worth one try.</summary>
    public double PriorSecondsPerLoss { get; init; } = 2 * 3600;

    /// <summary>Weight of the prior, in replica-seconds of pretend experience (30 minutes): a few real
    /// observations outweigh it.</summary>
    public double PriorWeightSeconds { get; init; } = 1800;

    /// <summary>How much each of our replicas already in a zone raises its placement score (1 = a zone holding one
    /// replica looks twice as expensive). Replicas in one zone share its preemptions.</summary>
    public double ZoneSpreadWeight { get; init; } = 1;

    /// <summary>The same for replicas in the zone's region (0.25): preemptions are correlated within a region,
    /// less than within a zone.</summary>
    public double RegionSpreadWeight { get; init; } = 0.25;

    /// <summary>How spot replicas are placed. <see cref="SkyHedgePlacement.Random"/> (SpotHedge's seeded spread
    /// over ACTIVE zones) by default: it measured better than risk scoring on the public traces.</summary>
    public SkyHedgePlacement Placement { get; init; } = SkyHedgePlacement.Random;

    /// <summary>Window for counting recent preemptions to detect a storm (seconds): one hour.</summary>
    public double StormWindowSeconds { get; init; } = 3600;

    /// <summary>Preemptions of our replicas within <see cref="StormWindowSeconds"/> that make a storm.</summary>
    public int StormPreemptions { get; init; } = 3;

    /// <summary>How much risk costs in placement: a zone's score is price × (1 + RiskWeight × expected losses per
    /// hour). Each loss costs about a cold start of on-demand fallback (3 × spot for 2 minutes) plus a
    /// relaunch, so a weight of 1 per loss-per-hour keeps price the first criterion but breaks ties by risk.</summary>
    public double RiskWeight { get; init; } = 1;
}
