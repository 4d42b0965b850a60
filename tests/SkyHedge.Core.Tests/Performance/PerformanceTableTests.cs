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
