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

    /// <summary>Most extra spot replicas in a storm. A storm is several preemptions inside one cold start, which a
    /// single extra cannot cover.</summary>
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

    /// <summary>First back-off after a zone loses a replica or refuses a launch (seconds): five minutes. A refused
    /// launch costs nothing but time, so back-off starts short; repeated refusals double it.</summary>
    public double CooldownSeconds { get; init; } = 300;

    /// <summary>Longest back-off; each consecutive loss doubles the back-off up to this.</summary>
    public double MaxCooldownSeconds { get; init; } = 3600;

    /// <summary>Most replicas in one zone. Two: a zone's replicas are preempted together, so more than two in one
    /// zone turns one event into a loss no single extra covers.</summary>
    public int MaxPerZone { get; init; } = 2;

    /// <summary>A zone may take a second replica only after this long without a loss (one hour): preemptions
    /// cluster, and a zone that has been quiet for an hour is past its latest cluster.</summary>
    public double CalmSeconds { get; init; } = 3600;

    /// <summary>Window for counting recent preemptions to detect a storm (seconds): one hour.</summary>
    public double StormWindowSeconds { get; init; } = 3600;

    /// <summary>Preemptions of our replicas within <see cref="StormWindowSeconds"/> that make a storm.</summary>
    public int StormPreemptions { get; init; } = 3;

    /// <summary>How much risk costs in placement: a zone's score is price × (1 + RiskWeight × expected losses per
    /// hour). Each loss costs about a cold start of on-demand fallback (3 × spot for 2 minutes) plus a
    /// relaunch, so a weight of 1 per loss-per-hour keeps price the first criterion but breaks ties by risk.</summary>
    public double RiskWeight { get; init; } = 1;

    /// <summary>Keep one on-demand replica warming while the spot fleet is short of its extras only when our
    /// own recent loss rate says another loss inside a cold start is likely (probability above this).</summary>
    public double StandbyRiskThreshold { get; init; } = 0.1;
}
