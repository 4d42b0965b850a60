namespace SkyHedge.Core.Policies;

/// <summary>How <see cref="SkyHedgePolicy"/> picks zones for spot replicas.</summary>
public enum SkyHedgePlacement
{
    /// <summary>SpotHedge's placer: seeded random choice among ACTIVE zones, empty zones first.</summary>
    Random,

    /// <summary>Among the same candidates, the lowest price × estimated loss rate, with a penalty for zones and
    /// regions already holding our replicas.</summary>
    Risk,
}
