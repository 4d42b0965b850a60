namespace SkyHedge.Control.Admin;

/// <summary>What a service has cost so far (USD), from its replica rows.</summary>
/// <param name="Spent">Everything billed: <paramref name="Spot"/> + <paramref name="OnDemand"/>.</param>
/// <param name="Spot">The part billed on the spot market.</param>
/// <param name="OnDemand">The part billed on demand.</param>
/// <param name="OnDemandEquivalent">What the same replica-hours would have cost on demand (see
/// <see cref="CostCalculator"/>): the baseline the savings are measured against.</param>
internal sealed record CostView(decimal Spent, decimal Spot, decimal OnDemand, decimal OnDemandEquivalent);
