namespace SkyHedge.Simulation.Runs;

/// <summary>What <c>cost</c> is counted in.</summary>
public enum CostUnit
{
    /// <summary>Replica-ticks: a spot replica costs 1 per tick, an on-demand one the on-demand cost ratio (the
    /// paper's unit).</summary>
    Spot,

    /// <summary>US dollars from the price catalog: each zone's spot price and the cheapest on-demand price for the
    /// zones' accelerators, per replica-hour.</summary>
    Usd,
}
