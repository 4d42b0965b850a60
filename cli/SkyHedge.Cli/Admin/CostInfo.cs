namespace SkyHedge.Cli.Admin;

/// <summary>A service's cost so far in USD (part of the service view).</summary>
internal sealed record CostInfo(decimal Spent, decimal Spot, decimal OnDemand, decimal OnDemandEquivalent);
