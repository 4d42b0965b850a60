using System.Globalization;
using System.Text;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;
using Xunit.Abstractions;

namespace SkyHedge.Core.Tests.Performance;

/// <summary>The table in <c>core/SkyHedge.Core/Performance/README.md</c> is generated here, from the code, so the
/// documentation cannot drift from the formula. When the model changes, paste the table this test prints.</summary>
public sealed class PerformanceTableTests(ITestOutputHelper output)
{
    private const int Context = 1024;

    [Fact]
    public void The_readme_table_is_what_the_model_produces()
    {
        var table = Table();
        output.WriteLine(table);

        var readme = File.ReadAllText(RepoPaths.File("core", "SkyHedge.Core", "Performance", "README.md")).ReplaceLineEndings("\n");
        Assert.True(readme.Contains(table, StringComparison.Ordinal), $"Performance/README.md is stale; its table should read:\n\n{table}");
    }

    [Fact]
    public void The_readme_cheapest_gpu_table_is_what_the_model_produces()
    {
        var table = CheapestTable();
        output.WriteLine(table);

        var readme = File.ReadAllText(RepoPaths.File("core", "SkyHedge.Core", "Performance", "README.md")).ReplaceLineEndings("\n");
        Assert.True(readme.Contains(table, StringComparison.Ordinal), $"Performance/README.md is stale; its cheapest-GPU table should read:\n\n{table}");
    }

    // Request sizes (input × output tokens) from chat-sized to document-sized, at the Mélange paper's two TPOT SLOs.
    internal static string CheapestTable()
    {
        (int In, int Out)[] sizes = [(32, 16), (64, 32), (128, 64), (256, 128), (512, 256), (1024, 256), (2048, 512), (3000, 1000)];
        var text = new StringBuilder();
        text.Append("| request (in × out) | cheapest at 120 ms | $/1M requests | runner-up | cheapest at 40 ms | $/1M requests | runner-up |\n");
        text.Append("|---|---|---:|---|---|---:|---|\n");
        foreach (var (input, output) in sizes)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {input} × {output} ");
            foreach (var slo in new[] { 120, 40 })
            {
                var ranked = GpuCatalog.Default.All.Select(g => g.Id)
                    .Where(g => GpuPerformanceModel.For(g).MaxRequestRate(input, output, TimeSpan.FromMilliseconds(slo)) > 0)
                    .Select(g => (Gpu: g, Usd: CostPerRequestTests.UsdPerRequest(g, input, output, TimeSpan.FromMilliseconds(slo))))
                    .OrderBy(r => r.Usd)
                    .ToList();
                text.Append(CultureInfo.InvariantCulture, $"| {ranked[0].Gpu} | {ranked[0].Usd * 1e6:0.0} | {ranked[1].Gpu} (+{(ranked[1].Usd / ranked[0].Usd) - 1:0%}) ");
            }

            text.Append("|\n");
        }

        return text.ToString();
    }

    internal static string Table()
    {
        var text = new StringBuilder();
        text.Append("| GPU | memory GB | KV cache, tokens | max batch at 1024 | TTFT 128 | TTFT 1024 | TPOT ×1 | TPOT ×8 | TPOT ×32 | $/1M out ×1 | $/1M out ×32 |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var gpu in GpuCatalog.Default.All)
        {
            var model = new GpuPerformanceModel(gpu, ModelProfile.Llama2_7B);
            var maxBatch = model.MaxBatch(Context);
            text.Append(CultureInfo.InvariantCulture, $"| {gpu.Id} | {gpu.MemoryGb:0} | {model.KvCapacityTokens} | {maxBatch} ")
                .Append(CultureInfo.InvariantCulture, $"| {Ms(model.TimeToFirstToken(128))} | {Ms(model.TimeToFirstToken(1024))} ")
                .Append(CultureInfo.InvariantCulture, $"| {Tpot(model, 1, maxBatch)} | {Tpot(model, 8, maxBatch)} | {Tpot(model, 32, maxBatch)} ")
                .Append(CultureInfo.InvariantCulture, $"| {Cost(model, 1)} | {Cost(model, 32)} |\n");
        }

        return text.ToString();
    }

    private static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.0} ms");

    // A star marks concurrency above what the KV cache holds at once: those requests share the steps.
    private static string Tpot(GpuPerformanceModel model, int concurrency, int maxBatch) =>
        Ms(model.TimePerOutputToken(concurrency, Context)) + (concurrency > maxBatch ? "*" : string.Empty);

    private static string Cost(GpuPerformanceModel model, int concurrency) =>
        string.Create(CultureInfo.InvariantCulture, $"{(double)model.Gpu.OnDemandUsdPerHour / 3600 * 1e6 / model.OutputTokensPerSecond(concurrency, Context):0.00}");
}
