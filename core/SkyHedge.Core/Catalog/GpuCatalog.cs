using System.Globalization;
using SkyHedge.Core.Model;

namespace SkyHedge.Core.Catalog;

/// <summary>
/// GPU specs by canonical id, from the embedded <c>Data/gpus.csv</c> (source and licence in <c>Data/README.md</c>).
/// </summary>
public sealed class GpuCatalog
{
    private const string ResourceName = "SkyHedge.Core.Data.gpus.csv";
    private const string Header = "gpu,memory_gb,mem_bw_gbps,fp16_tflops,on_demand_usd_per_hr";
    private static readonly Lazy<GpuCatalog> Embedded = new(() =>
    {
        using var stream = typeof(GpuCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Load(reader, "gpus.csv");
    });

    private readonly Dictionary<string, GpuSpec> _specs;

    private GpuCatalog(Dictionary<string, GpuSpec> specs)
    {
        _specs = specs;
    }

    /// <summary>The embedded table.</summary>
    public static GpuCatalog Default => Embedded.Value;

    /// <summary>Every GPU, in the order of <see cref="Accelerators.Canonical"/>.</summary>
    public IReadOnlyList<GpuSpec> All => [.. Accelerators.Canonical.Where(_specs.ContainsKey).Select(id => _specs[id])];

    /// <summary>Reads a table in the <c>gpus.csv</c> format; GPU names go through the alias table.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the source and line.</exception>
    public static GpuCatalog Load(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine()?.Trim().TrimStart('\uFEFF');
        if (header != Header)
        {
            throw new FormatException($"{sourceName}:1: expected the header '{Header}', got '{header}'.");
        }

        var specs = new Dictionary<string, GpuSpec>(StringComparer.Ordinal);
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var cells = text.Split(',');
            if (cells.Length != 5 || !Accelerators.TryNormalize(cells[0], out var id)
                || !TryPositive(cells[1], out var memory) || !TryPositive(cells[2], out var bandwidth) || !TryPositive(cells[3], out var tflops)
                || !decimal.TryParse(cells[4], NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price <= 0)
            {
                throw new FormatException($"{sourceName}:{line}: expected a known GPU and four positive numbers, got '{text}'.");
            }

            if (!specs.TryAdd(id, new GpuSpec(id, memory, bandwidth, tflops, price)))
            {
                throw new FormatException($"{sourceName}:{line}: GPU {id} appears twice.");
            }
        }

        return new GpuCatalog(specs);
    }

    /// <summary>The spec of a GPU (id or alias), or null when the table has none.</summary>
    public GpuSpec? Find(string? gpu) =>
        Accelerators.TryNormalize(gpu, out var id) && _specs.TryGetValue(id, out var spec) ? spec : null;

    /// <summary>
    /// How much decode work a replica of <paramref name="gpu"/> does relative to an A10G (= 1.0): the ratio of memory
    /// bandwidths, because generating tokens is memory-bandwidth-bound. The router balances load by in-flight requests
    /// divided by this. <c>V100-32GB</c> counts as a <c>V100</c>; an unknown GPU counts as 1.0.
    /// </summary>
    public double RelativeCapacity(string? gpu)
    {
        var name = Accelerators.TryNormalize(gpu, out var id) && id == Accelerators.V100_32GB ? Accelerators.V100 : gpu;
        var reference = _specs.TryGetValue(Accelerators.A10G, out var a10g) ? a10g.MemoryBandwidthGbps : 600;
        return Find(name) is { } spec ? spec.MemoryBandwidthGbps / reference : 1.0;
    }

    private static bool TryPositive(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value > 0 && double.IsFinite(value);
}
