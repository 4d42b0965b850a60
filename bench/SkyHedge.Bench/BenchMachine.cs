namespace SkyHedge.Bench;

/// <summary>Where the numbers come from.</summary>
internal sealed record BenchMachine(int ProcessorCount, string Os, string Runtime, string Configuration);
