using SkyHedge.Core.Model;

namespace SkyHedge.Core.Catalog;

/// <summary>
/// GPU VM prices: every (instance type, location, market) SkyHedge may launch, with its USD/h.
/// </summary>
/// <remarks>
/// <para><see cref="Default"/> is the table embedded from <c>Data/prices.csv</c> (see <c>Data/README.md</c> for its
/// source and derivation). A row with an empty spot price yields only an on-demand offering.</para>
/// <para><b>AWS zones:</b> the table uses AZ <i>ids</i> (<c>use1-az1</c>) like the SkyPilot catalog; traces and users
/// name zones (<c>us-east-1a</c>), and the name→id mapping differs per AWS account. Never join the two: price a
/// zone name by its region with <see cref="CheapestSpotPrice"/> and <see cref="Clouds.RegionOfZone"/>.</para>
/// <para>All lookups take a GPU name or alias and normalise it (<see cref="Accelerators.Normalize"/>: unknown names
/// throw <see cref="ArgumentException"/>); cloud and region compare case-insensitively. Results are ordered by price,
/// then cloud, region, zone and instance type, so ties break the same way every run.</para>
/// </remarks>
public sealed class PriceCatalog
{
    private const string ResourceName = "SkyHedge.Core.Data.prices.csv";
    private static readonly Lazy<PriceCatalog> EmbeddedCatalog = new(LoadEmbedded);

    private PriceCatalog(IReadOnlyList<Offering> offerings)
    {
        Offerings = offerings
            .OrderBy(o => o.HourlyPrice)
            .ThenBy(o => o.Location.Cloud, StringComparer.Ordinal)
            .ThenBy(o => o.Location.Region, StringComparer.Ordinal)
            .ThenBy(o => o.Location.Zone, StringComparer.Ordinal)
            .ThenBy(o => o.InstanceType, StringComparer.Ordinal)
            .ThenBy(o => o.Market)
            .ToArray();
    }

    /// <summary>The embedded table (loaded once).</summary>
    public static PriceCatalog Default => EmbeddedCatalog.Value;

    /// <summary>Every offering, cheapest first.</summary>
    public IReadOnlyList<Offering> Offerings { get; }

    /// <summary>Reads a table in the <c>prices.csv</c> format.</summary>
    /// <param name="reader">The CSV text. Blank lines and lines starting with <c>#</c> are skipped.</param>
    /// <param name="sourceName">Used in error messages.</param>
    /// <exception cref="PriceCatalogException">A line is malformed; the message says <c>source:line: column: expected …, got …</c>.</exception>
    public static PriceCatalog Load(TextReader reader, string sourceName = "prices.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new PriceCatalog(new PriceTableReader(sourceName).Read(reader));
    }

    /// <summary>Builds a catalog from offerings already in memory (tests, fakes, the local cloud).</summary>
    public static PriceCatalog FromOfferings(IEnumerable<Offering> offerings)
    {
        ArgumentNullException.ThrowIfNull(offerings);
        return new PriceCatalog(offerings.ToArray());
    }

    /// <summary>Offerings of a GPU on a market, cheapest first.</summary>
    /// <param name="cloud">Restrict to one cloud, or null for all.</param>
    /// <param name="accelerator">GPU name or alias.</param>
    /// <param name="market">Spot or on-demand.</param>
    /// <param name="acceleratorCount">Restrict to instances with exactly this many GPUs, or null for any.</param>
    /// <param name="region">Restrict to one region, or null for all.</param>
    public IReadOnlyList<Offering> Find(string? cloud, string accelerator, Market market, int? acceleratorCount = null, string? region = null)
    {
        var gpu = Accelerators.Normalize(accelerator);
        return Offerings.Where(o => o.Accelerator == gpu && o.Market == market
                && (cloud is null || string.Equals(o.Location.Cloud, cloud, StringComparison.OrdinalIgnoreCase))
                && (region is null || string.Equals(o.Location.Region, region, StringComparison.OrdinalIgnoreCase))
                && (acceleratorCount is null || o.AcceleratorCount == acceleratorCount))
            .ToArray();
    }

    /// <summary>The offering for exactly this instance type, location and market, or null.</summary>
    public Offering? FindOffering(Location location, string instanceType, Market market)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Offerings.FirstOrDefault(o => o.Market == market
            && string.Equals(o.InstanceType, instanceType, StringComparison.Ordinal)
            && string.Equals(o.Location.Cloud, location.Cloud, StringComparison.OrdinalIgnoreCase)
            && string.Equals(o.Location.Region, location.Region, StringComparison.OrdinalIgnoreCase)
            && string.Equals(o.Location.Zone, location.Zone, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The cheapest offering matching <see cref="Find(string?, string, Market, int?, string?)"/>, or null.</summary>
    public Offering? Cheapest(string? cloud, string accelerator, Market market, int? acceleratorCount = null, string? region = null)
    {
        var found = Find(cloud, accelerator, market, acceleratorCount, region);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>
    /// The cheapest spot USD/h for <paramref name="acceleratorCount"/> × <paramref name="accelerator"/> anywhere in a
    /// region, or null when the table has none. This is the sane way to price a trace zone such as
    /// <c>us-east-1a</c>, which cannot be matched to an AWS AZ id (see the class remarks).
    /// </summary>
    public decimal? CheapestSpotPrice(string cloud, string region, string accelerator, int acceleratorCount = 1) =>
        CheapestPrice(cloud, region, accelerator, Market.Spot, acceleratorCount);

    /// <summary>The cheapest USD/h on <paramref name="market"/> in a region, or null; see <see cref="CheapestSpotPrice"/>.</summary>
    public decimal? CheapestPrice(string cloud, string region, string accelerator, Market market, int acceleratorCount = 1)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(region);
        return Cheapest(cloud, accelerator, market, acceleratorCount, region)?.HourlyPrice;
    }

    private static PriceCatalog LoadEmbedded()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from {typeof(PriceCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Load(reader, "prices.csv (embedded)");
    }
}
