namespace SkyHedge.Core.Policies;

/// <summary>How the spot placer chooses among equally eligible zones.</summary>
public enum PlacerTieBreak
{
    /// <summary>Seeded random choice, as the SpotHedge paper's simulator does (policy <c>spothedge</c>).</summary>
    Random,

    /// <summary>Cheapest spot price first, zone order breaking exact ties (policy <c>spothedge-cheapest</c>,
    /// what a production system does).</summary>
    Cheapest,
}
