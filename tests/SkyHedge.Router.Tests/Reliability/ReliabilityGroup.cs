namespace SkyHedge.Router.Tests.Reliability;

/// <summary>The router's fault scenarios run alone: they measure latencies and fixed-rate traffic, which a busy
/// two-core runner executing other test classes alongside would skew.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityGroup
{
    public const string Name = "router reliability";
}
