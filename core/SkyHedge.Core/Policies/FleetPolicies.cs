namespace SkyHedge.Core.Policies;

/// <summary>The online fleet policies by the names users give them (<c>--policy</c>, <c>spot_placer</c>).</summary>
public static class FleetPolicies
{
    public const string OnDemand = "ondemand";
    public const string EvenSpread = "even-spread";
    public const string RoundRobin = "round-robin";
    public const string SpotHedge = "spothedge";
    public const string SpotHedgeCheapest = "spothedge-cheapest";
    public const string SkyHedge = "skyhedge";

    public static IReadOnlyList<string> Names { get; } = [OnDemand, EvenSpread, RoundRobin, SpotHedge, SpotHedgeCheapest, SkyHedge];

    /// <summary>Creates a fresh policy for one run.</summary>
    /// <param name="overprovision">Extra spot replicas for <c>spothedge</c> (and <c>skyhedge</c>'s starting point);
    /// the baselines ignore it and run exactly the target.</param>
    /// <param name="random">Seeded randomness for the policies that use it.</param>
    public static IFleetPolicy Create(string name, int zoneCount, int overprovision, Random random) => name switch
    {
        OnDemand => new OnDemandPolicy(),
        EvenSpread => new EvenSpreadPolicy(),
        RoundRobin => new RoundRobinPolicy(),
        SpotHedge => new SpotHedgePolicy(name, new SpotPlacer(zoneCount, PlacerTieBreak.Random, PlacerResetRule.Artifact, random), overprovision),
        SpotHedgeCheapest => new SpotHedgePolicy(name, new SpotPlacer(zoneCount, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive), overprovision, replaceOnScaleIn: false),
        SkyHedge => new SkyHedgePolicy(zoneCount, new SkyHedgeOptions { Overprovision = overprovision, MaxOverprovision = overprovision }, random: random),
        _ => throw new ArgumentException($"unknown policy \"{name}\"; expected one of {string.Join(", ", Names)}", nameof(name)),
    };
}
