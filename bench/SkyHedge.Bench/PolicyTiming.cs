namespace SkyHedge.Bench;

/// <summary>The product on one policy alone (every repeat and workload): where the all-policies time goes.</summary>
internal sealed record PolicyTiming(string Scenario, string Policy, double Seconds, IReadOnlyList<double> RunSeconds);
