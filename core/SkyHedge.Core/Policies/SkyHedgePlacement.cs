namespace SkyHedge.Core.Policies;

/// <summary>How <see cref="SkyHedgePolicy"/> picks zones for spot replicas.</summary>
public enum SkyHedgePlacement
{
    /// <summary>SpotHedge's placer (ACTIVE zones, empty zones first), cheapest first and a seeded random choice
    /// among the equally cheapest.</summary>
    Random,

    /// <summary>Among the same candidates, the lowest price × estimated loss rate, with a penalty for zones and
    /// regions already holding our replicas.</summary>
    Risk,
}
