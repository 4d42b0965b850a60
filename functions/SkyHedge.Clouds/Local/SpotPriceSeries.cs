using System.Globalization;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Clouds.Local;

/// <summary>
/// A spot trace's own prices, per zone and tick, read from change points (<c>zone,tick,price_usd_per_hour</c>, as
/// in <c>data/prices/aws-v100-excerpt-spot-prices.csv</c>): a price holds from its tick until the zone's next row.
/// Ticks are the trace's, so the replay prices a zone at the same tick it reads the zone's capacity from.
/// </summary>
public sealed class SpotPriceSeries
{
    private const string Header = "zone,tick,price_usd_per_hour";

    private readonly Dictionary<string, (long[] Ticks, decimal[] Prices)> _zones;

    private SpotPriceSeries(string source, Dictionary<string, (long[] Ticks, decimal[] Prices)> zones)
    {
        Source = source;
        _zones = zones;
    }

    /// <summary>The file the prices came from.</summary>
    public string Source { get; }

    /// <summary>The zones that have prices.</summary>
    public IEnumerable<string> Zones => _zones.Keys;

    /// <summary>Reads a change-point file.</summary>
    /// <exception cref="TraceFormatException">The file is missing or malformed (the message names the line), or a
    /// zone has no row at tick 0.</exception>
    public static SpotPriceSeries Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceFormatException($"{path}: cannot read the spot prices ({e.Message})", e);
        }

        if (lines.Length == 0 || !string.Equals(lines[0].Trim(), Header, StringComparison.Ordinal))
        {
            throw new TraceFormatException($"{path}: the first line must be '{Header}'");
        }

        var rows = new Dictionary<string, SortedDictionary<long, decimal>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 3
                || fields[0].Length == 0
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tick)
                || !decimal.TryParse(fields[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
                || price <= 0)
            {
                throw new TraceFormatException($"{path}:{i + 1}: expected 'zone,tick,price' with a tick ≥ 0 and a positive price, got '{line}'");
            }

            var zone = rows.TryGetValue(fields[0], out var z) ? z : rows[fields[0]] = [];
            if (!zone.TryAdd(tick, price))
            {
                throw new TraceFormatException($"{path}:{i + 1}: zone {fields[0]} has tick {tick} twice");
            }
        }

        if (rows.Count == 0)
        {
            throw new TraceFormatException($"{path}: no prices");
        }

        var missingStart = rows.FirstOrDefault(r => !r.Value.ContainsKey(0)).Key;
        if (missingStart is not null)
        {
            throw new TraceFormatException($"{path}: zone {missingStart} has no price at tick 0");
        }

        return new SpotPriceSeries(
            path,
            rows.ToDictionary(r => r.Key, r => (r.Value.Keys.ToArray(), r.Value.Values.ToArray()), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The zone's price at <paramref name="tick"/> (the last change point at or before it), or null for a
    /// zone without prices.</summary>
    public decimal? PriceAt(string zone, long tick)
    {
        if (!_zones.TryGetValue(zone, out var series))
        {
            return null;
        }

        var at = Array.BinarySearch(series.Ticks, Math.Max(0, tick));
        return series.Prices[at >= 0 ? at : ~at - 1];
    }
}
