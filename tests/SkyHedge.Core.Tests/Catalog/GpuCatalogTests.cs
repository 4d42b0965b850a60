using SkyHedge.Core.Catalog;

namespace SkyHedge.Core.Tests.Catalog;

public sealed class GpuCatalogTests
{
    [Fact]
    public void The_embedded_table_has_every_gpu_of_the_traces_and_the_paper_with_published_figures()
    {
        var catalog = GpuCatalog.Default;

        Assert.Equal(["T4", "L4", "A10G", "V100", "A100", "A100-80GB", "H100"], catalog.All.Select(g => g.Id));
        var h100 = catalog.Find("H100 (SXM)")!;
        Assert.Equal(80, h100.MemoryGb);
        Assert.Equal(3350, h100.MemoryBandwidthGbps);
        Assert.Equal(7.516m, h100.OnDemandUsdPerHour);
        Assert.Equal(1555, catalog.Find("A100-40GB")!.MemoryBandwidthGbps);
    }

    [Fact]
    public void Capacity_is_memory_bandwidth_relative_to_an_A10G()
    {
        var catalog = GpuCatalog.Default;

        Assert.Equal(1.0, catalog.RelativeCapacity("A10G"));
        Assert.Equal(3350.0 / 600, catalog.RelativeCapacity("H100"), 9);
        Assert.Equal(0.5, catalog.RelativeCapacity("L4"));
        Assert.Equal(catalog.RelativeCapacity("V100"), catalog.RelativeCapacity("V100-32GB"));
        Assert.Equal(1.0, catalog.RelativeCapacity("no-such-gpu"));
    }

    [Theory]
    [InlineData("gpu,memory\n", "expected the header")]
    [InlineData("gpu,memory_gb,mem_bw_gbps,fp16_tflops,on_demand_usd_per_hr\nTPU,1,2,3,4\n", ":2: expected a known GPU")]
    [InlineData("gpu,memory_gb,mem_bw_gbps,fp16_tflops,on_demand_usd_per_hr\nL4,24,-300,242,0.7\n", ":2: expected a known GPU and four positive numbers")]
    [InlineData("gpu,memory_gb,mem_bw_gbps,fp16_tflops,on_demand_usd_per_hr\nL4,24,300,242,0.7\nL4,24,300,242,0.7\n", ":3: GPU L4 appears twice")]
    public void Bad_tables_name_the_line(string csv, string expected)
    {
        var error = Assert.Throws<FormatException>(() => GpuCatalog.Load(new StringReader(csv), "gpus.csv"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
