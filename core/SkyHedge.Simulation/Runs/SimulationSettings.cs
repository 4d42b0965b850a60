namespace SkyHedge.Simulation.Runs;

/// <summary>Everything that determines a simulation's result (and nothing that doesn't, such as timings).</summary>
public sealed record SimulationSettings
{
    public IReadOnlyList<string> SpotTraces { get; init; } = [];

    /// <summary>Overrides every trace file's own seconds per tick (the paper read the 2-month trace as 300 s).</summary>
    public double? TraceGapSeconds { get; init; }

    public IReadOnlyList<string> Workloads { get; init; } = ["poisson:0.15"];

    public IReadOnlyList<string> Policies { get; init; } = [];

    public double Hours { get; init; } = 24;

    public int Repeats { get; init; } = 10;

    public int Seed { get; init; }

    /// <summary>Explicit window starts in simulation ticks from the trace start; one repeat each.</summary>
    public IReadOnlyList<long>? Offsets { get; init; }

    public double TickSeconds { get; init; } = 30;

    public double ColdStartSeconds { get; init; } = 120;

    public int Target { get; init; } = 3;

    public int Overprovision { get; init; } = 1;

    public double OnDemandCostRatio { get; init; } = 3;

    public double NoticeSeconds { get; init; }

    /// <summary>Spot units (the paper's) or dollars from the price catalog.</summary>
    public CostUnit CostUnit { get; init; } = CostUnit.Spot;

    public int WindowTicks => (int)Math.Round(Hours * 3600 / TickSeconds);

    public int ColdStartTicks => (int)Math.Round(ColdStartSeconds / TickSeconds);

    public int NoticeTicks => (int)Math.Round(NoticeSeconds / TickSeconds);

    /// <summary>Repeats actually run: one per explicit offset, else <see cref="Repeats"/>.</summary>
    public int EffectiveRepeats => Offsets?.Count ?? Repeats;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Check(SpotTraces.Count > 0, "at least one --spot-trace is needed");
        Check(Policies.Count > 0, "at least one --policy is needed");
        Check(Workloads.Count > 0, "at least one --workload is needed");
        Check(TraceGapSeconds is null or > 0, "--trace-gap-seconds must be positive");
        Check(TickSeconds > 0, "--tick-seconds must be positive");
        Check(Hours > 0 && WindowTicks > ColdStartTicks, "--hours must be longer than the cold start");
        Check(Repeats > 0, "--repeats must be at least 1");
        Check(Offsets is null || (Offsets.Count > 0 && Offsets.All(o => o >= 0)), "--offsets must be non-negative ticks");
        Check(ColdStartSeconds >= 0, "--cold-start-seconds must not be negative");
        Check(Target > 0, "--target must be at least 1");
        Check(Overprovision >= 0, "--overprovision must not be negative");
        Check(OnDemandCostRatio > 0, "--ondemand-cost-ratio must be positive");
        Check(NoticeSeconds >= 0, "--notice-seconds must not be negative");
        var dup = Policies.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        Check(dup is null, $"policy \"{dup?.Key}\" is listed twice");
    }
}
