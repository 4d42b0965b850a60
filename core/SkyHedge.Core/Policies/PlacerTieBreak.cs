namespace SkyHedge.Core.Policies;

/// <summary>How the spot placer chooses among equally eligible zones.</summary>
public enum PlacerTieBreak
{
    /// <summary>Seeded random choice, as the SpotHedge paper's simulator does (policy <c>spothedge</c>).</summary>
    Random,

    /// <summary>Cheapest spot price first, zone order breaking exact ties (policy <c>spothedge-cheapest</c>,
    /// what a production system does).</summary>
    Cheapest,

    /// <summary>Cheapest spot price first, a seeded random choice among the equally cheapest (policy
    /// <c>skyhedge</c>): price is what the user pays, and among equal prices a random spread keeps two services,
    /// or two runs, from piling into the zone that happens to be listed first. With one price everywhere (the
    /// simulator's spot units) this is exactly <see cref="Random"/>.</summary>
    CheapestThenRandom,
}
