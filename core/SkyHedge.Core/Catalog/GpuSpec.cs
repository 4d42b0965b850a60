namespace SkyHedge.Core.Catalog;

/// <summary>Published specs of one GPU type (one row of <c>Data/gpus.csv</c>).</summary>
/// <param name="Id">Canonical GPU id (<see cref="Model.Accelerators"/>).</param>
/// <param name="MemoryGb">GPU memory, GB.</param>
/// <param name="MemoryBandwidthGbps">Memory bandwidth, GB/s.</param>
/// <param name="Fp16Tflops">Dense FP16 tensor TFLOPS.</param>
/// <param name="OnDemandUsdPerHour">The on-demand price the Mélange paper (or the catalog) assumes, USD/h.</param>
public sealed record GpuSpec(string Id, double MemoryGb, double MemoryBandwidthGbps, double Fp16Tflops, decimal OnDemandUsdPerHour);
