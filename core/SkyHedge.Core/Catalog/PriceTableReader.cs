using System.Globalization;
using SkyHedge.Core.Model;

namespace SkyHedge.Core.Catalog;

/// <summary>Reads the <c>prices.csv</c> format into offerings, failing on the first bad line with its number.</summary>
internal sealed class PriceTableReader
{
    internal static readonly string[] Columns =
    [
        "cloud", "region", "zone", "instance_type", "accelerator", "accelerator_count", "ondemand_usd_per_hour", "spot_usd_per_hour",
    ];

    private readonly string _source;
    private readonly Dictionary<(string Cloud, string Region, string Zone, string InstanceType), int> _seen = [];
    private int _line;

    internal PriceTableReader(string source)
    {
        _source = source;
    }

    internal List<Offering> Read(TextReader reader)
    {
        var offerings = new List<Offering>();
        var header = reader.ReadLine();
        _line = 1;
        if (header is null)
        {
            throw Error($"empty file; expected the header '{string.Join(',', Columns)}'");
        }

        if (!Split(header.Trim().TrimStart('\uFEFF')).SequenceEqual(Columns, StringComparer.Ordinal))
        {
            throw Error($"expected the header '{string.Join(',', Columns)}', got '{header}'");
        }

        while (reader.ReadLine() is { } text)
        {
            _line++;
            if (text.Trim().Length == 0 || text.TrimStart().StartsWith('#'))
            {
                continue;
            }

            ReadRow(Split(text), offerings);
        }

        return offerings;
    }

    private void ReadRow(string[] f, List<Offering> offerings)
    {
        if (f.Length != Columns.Length)
        {
            throw Error($"expected {Columns.Length} columns ({string.Join(',', Columns)}), got {f.Length}");
        }

        if (!Clouds.TryNormalize(f[0], out var cloud) || cloud == Clouds.Local)
        {
            throw Error($"column 'cloud': expected one of aws, gcp, azure, got '{f[0]}'");
        }

        var region = Required(f[1], "region");
        var zone = f[2].Trim();
        var instanceType = Required(f[3], "instance_type");
        if (!Accelerators.TryNormalize(f[4], out var accelerator))
        {
            throw Error($"column 'accelerator': unknown accelerator '{f[4]}'; known: {Accelerators.KnownNamesText}");
        }

        if (!Accelerators.TryParseCount(f[5], out var count))
        {
            throw Error($"column 'accelerator_count': expected a whole number >= 1, got '{f[5]}'");
        }

        var onDemand = Price(f[6], "ondemand_usd_per_hour")
            ?? throw Error("column 'ondemand_usd_per_hour': expected a price, got an empty cell");
        var spot = Price(f[7], "spot_usd_per_hour");

        var key = (cloud, region, zone, instanceType);
        if (_seen.TryGetValue(key, out var first))
        {
            throw Error($"duplicate row for {cloud}/{region}/{zone} {instanceType} (first on line {first})");
        }

        _seen[key] = _line;
        var location = new Location(cloud, region, zone);
        offerings.Add(new Offering(instanceType, accelerator, count, location, Market.OnDemand, onDemand));
        if (spot is { } spotPrice)
        {
            offerings.Add(new Offering(instanceType, accelerator, count, location, Market.Spot, spotPrice));
        }
    }

    private string Required(string value, string column)
    {
        var trimmed = value.Trim();
        return trimmed.Length > 0 ? trimmed : throw Error($"column '{column}': expected a value, got an empty cell");
    }

    private decimal? Price(string value, string column)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        return decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
            ? price
            : throw Error($"column '{column}': expected a non-negative decimal USD/h (e.g. 0.526), got '{trimmed}'");
    }

    private PriceCatalogException Error(string message) => new(_source, _line, message);

    // The table never quotes (no field contains a comma); a quote means someone pasted a richer CSV.
    private string[] Split(string line) => line.Contains('"', StringComparison.Ordinal)
        ? throw Error("quoted fields are not supported; expected plain comma-separated values")
        : line.Split(',');
}
