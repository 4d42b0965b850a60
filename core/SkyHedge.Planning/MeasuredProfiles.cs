using System.Globalization;

namespace SkyHedge.Planning;

/// <summary>
/// Measured per-replica throughputs that replace the performance model where they apply: a CSV with the header
/// <c>gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps</c>, one row per GPU, bucket and TPOT SLO (ranges
/// <c>lo ≤ n &lt; hi</c>, an empty <c>hi</c> for unbounded). A row applies to a bucket whose representative size
/// lies in its ranges, for the same GPU and SLO; anything without a row falls back to the model.
/// </summary>
public sealed class MeasuredProfiles
{
    private const string Header = "gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps";

    private readonly List<Row> _rows;

    private MeasuredProfiles(List<Row> rows) => _rows = rows;

    /// <summary>Rows read.</summary>
    public int Count => _rows.Count;

    /// <exception cref="InvalidDataException">The file cannot be read, has another header, or a row is malformed
    /// (the message names the line).</exception>
    public static MeasuredProfiles Load(string path)
    {
        var lines = InputFile.ReadLines(path, "profiles");

        if (lines.Length == 0 || !string.Equals(lines[0].Trim(), Header, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: the first line must be '{Header}'");
        }

        var rows = new List<Row>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != 7 || f[0].Length == 0
                || !Int(f[1], out var inLo) || !OptionalInt(f[2], out var inHi) || !Int(f[3], out var outLo) || !OptionalInt(f[4], out var outHi)
                || !Number(f[5], out var slo) || slo <= 0 || !Number(f[6], out var rps) || rps < 0
                || (inHi is { } ih && ih <= inLo) || (outHi is { } oh && oh <= outLo))
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected 'gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps' with lo < hi, a positive SLO and max_rps ≥ 0, got '{line}'");
            }

            rows.Add(new Row(f[0], inLo, inHi, outLo, outHi, slo, rps));
        }

        return new MeasuredProfiles(rows);
    }

    /// <summary>The model's throughput, overridden by a matching row.</summary>
    public MixPlanning.Throughput Over(MixPlanning.Throughput model, TimeSpan tpotSlo)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slo = tpotSlo.TotalMilliseconds;
        return (gpu, bucket) =>
        {
            var row = _rows.FirstOrDefault(r =>
                string.Equals(r.Gpu, gpu, StringComparison.OrdinalIgnoreCase)
                && Math.Abs(r.SloMs - slo) < 1e-9
                && bucket.Input >= r.InputLo && (r.InputHi is null || bucket.Input < r.InputHi)
                && bucket.Output >= r.OutputLo && (r.OutputHi is null || bucket.Output < r.OutputHi));
            return row?.MaxRps ?? model(gpu, bucket);
        };
    }

    private static bool Int(string text, out int value) => int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool OptionalInt(string text, out int? value)
    {
        value = null;
        if (text.Trim().Length == 0)
        {
            return true;
        }

        if (!Int(text, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool Number(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private sealed record Row(string Gpu, int InputLo, int? InputHi, int OutputLo, int? OutputHi, double SloMs, double MaxRps);
}
