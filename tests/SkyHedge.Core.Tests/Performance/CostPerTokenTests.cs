using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;

namespace SkyHedge.Core.Tests.Performance;

/// <summary>
/// What the model says about price per output token (on-demand $/h ÷ output tokens per second; prefill ignored), the
/// statements <c>Performance/README.md</c> makes. These are consequences of the published specs and prices and the
/// serving stack's CPU overhead, not measurements: at batch 1 the fixed CPU time per step caps what a fast GPU can
/// do, so cheap GPUs win; full batches favour the GPUs whose memory holds many sequences.
/// </summary>
public sealed class CostPerTokenTests
{
    private const int Context = 1024;

    [Theory]
    [InlineData("T4")]
    [InlineData("L4")]
    [InlineData("A10G")]
    [InlineData("A100")]
    [InlineData("A100-80GB")]
    public void At_batch_1_these_gpus_make_a_token_for_less_than_an_H100(string gpu) =>
        Assert.True(UsdPerMillion(gpu, 1) < UsdPerMillion("H100", 1), $"{gpu} {UsdPerMillion(gpu, 1):0.00} vs H100 {UsdPerMillion("H100", 1):0.00}");

    [Fact]
    public void At_batch_1_A10G_and_T4_cost_about_half_of_an_H100_per_token()
    {
        Assert.InRange(UsdPerMillion("A10G", 1) / UsdPerMillion("H100", 1), 0.45, 0.60);
        Assert.InRange(UsdPerMillion("T4", 1) / UsdPerMillion("H100", 1), 0.45, 0.60);
    }

    [Fact]
    public void With_full_batches_the_80_GB_A100_is_cheapest_per_token_and_the_16_GB_gpus_dearest()
    {
        var byCost = GpuCatalog.Default.All.Select(g => g.Id).OrderBy(g => UsdPerMillion(g, 32)).ToList();

        Assert.Equal("A100-80GB", byCost[0]);
        Assert.Equal(["T4", "V100"], byCost.TakeLast(2).Order());
    }

    private static double UsdPerMillion(string gpu, int concurrency)
    {
        var model = GpuPerformanceModel.For(gpu);
        return (double)model.Gpu.OnDemandUsdPerHour / 3600 * 1e6 / model.OutputTokensPerSecond(concurrency, Context);
    }
}
