using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using CloudIds = SkyHedge.Core.Model.Clouds;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Local;

/// <summary>What the local cloud sells for a candidate: per GPU the candidate accepts, a spot offering in every
/// allowed zone and one on-demand offering (the cheapest allowed zone), priced from the catalog, with spot scaled by
/// the trace's own price where the trace has prices.</summary>
internal static class LocalOfferings
{
    /// <param name="tracePrice">A zone's current trace price and the GPU it is for, or null (catalog price).</param>
    public static IReadOnlyList<Offering> For(
        IReadOnlyList<LocalZone> zones, PriceCatalog catalog, decimal? onDemandRatio, ResourceCandidate candidate,
        Func<LocalZone, (decimal Price, string Accelerator)?>? tracePrice = null)
    {
        var ours = string.Equals(candidate.Cloud, CloudIds.Local, StringComparison.OrdinalIgnoreCase);
        if (candidate.Cloud is not null && !ours)
        {
            return [];
        }

        if (ours)
        {
            // Only an entry that names this cloud can be wrong for it; with no cloud the region may be another's.
            Require(candidate.Regions, zones.Select(z => z.Region), "region");
            Require(candidate.Zones, zones.Select(z => z.Zone), "zone");
            Require(candidate.InstanceType is { } type ? [type] : [], [LocalCloudProvider.InstanceType], "instance type");
        }
        else if (candidate.InstanceType is { } pinned && !string.Equals(pinned, LocalCloudProvider.InstanceType, StringComparison.Ordinal))
        {
            return [];
        }

        var allowed = zones.Where(z => Allows(candidate.Regions, z.Region) && Allows(candidate.Zones, z.Zone)).ToArray();
        IReadOnlyList<AcceleratorRequest> gpus = candidate.Accelerators.Count > 0 ? candidate.Accelerators : [new(Accelerators.A10G, 1)];
        var offerings = new List<Offering>();
        foreach (var gpu in gpus)
        {
            var name = Canonical(gpu.Name);
            var priced = allowed
                .Select(z => (Zone: z, Spot: SpotPrice(catalog, z, name, gpu.Count, tracePrice?.Invoke(z))))
                .Where(p => p.Spot is not null)
                .Select(p => (p.Zone, Spot: p.Spot!.Value, OnDemand: OnDemand(catalog, p.Zone, name, gpu.Count, p.Spot!.Value, onDemandRatio)))
                .ToArray();
            offerings.AddRange(priced.Select(p => new Offering(LocalCloudProvider.InstanceType, name, gpu.Count, p.Zone.Location, Market.Spot, p.Spot)));

            // One on-demand offering: it is always available, so more locations would add nothing to choose from.
            var cheapest = priced
                .Where(p => p.OnDemand is not null)
                .OrderBy(p => p.OnDemand)
                .ThenBy(p => p.Zone.Region, StringComparer.Ordinal)
                .ThenBy(p => p.Zone.Zone, StringComparer.Ordinal)
                .FirstOrDefault();
            if (cheapest.Zone is not null)
            {
                offerings.Add(new Offering(LocalCloudProvider.InstanceType, name, gpu.Count, cheapest.Zone.Location, Market.OnDemand, cheapest.OnDemand!.Value));
            }
        }

        return offerings
            .OrderBy(o => o.HourlyPrice)
            .ThenBy(o => o.Location.Region, StringComparer.Ordinal)
            .ThenBy(o => o.Location.Zone, StringComparer.Ordinal)
            .ThenBy(o => o.Accelerator, StringComparer.Ordinal)
            .ThenBy(o => o.Market)
            .ToArray();
    }

    /// <summary>
    /// The catalog's price of <paramref name="count"/> × <paramref name="gpu"/> for a zone, falling back step by step
    /// when the zone's priced-as region does not sell it: the cheapest in the region; else the region's per-GPU price of
    /// a larger instance (AWS sells the A100-80GB only as 8-GPU p4de) × <paramref name="count"/>; else the same for
    /// the whole cloud; else the cheapest anywhere; else the cheapest per-GPU price anywhere × <paramref name="count"/>.
    /// The priced-as cloud comes before other clouds because catalogs differ in what they include (a stale Azure spot
    /// row undercuts AWS's A100-80GB fivefold). Null only when the catalog has no row for the GPU on that market.
    /// </summary>
    public static decimal? Price(PriceCatalog catalog, LocalZone zone, string gpu, int count, Market market)
    {
        decimal? PerGpu(string? cloud, string? region)
        {
            var perGpu = catalog.Find(cloud, gpu, market, region: region).Select(o => o.HourlyPrice / o.AcceleratorCount).DefaultIfEmpty().Min();
            return perGpu > 0 ? Math.Round(perGpu * count, 6) : null;
        }

        return catalog.CheapestPrice(zone.PriceCloud, zone.PriceRegion, gpu, market, count)
            ?? PerGpu(zone.PriceCloud, zone.PriceRegion)
            ?? catalog.Cheapest(zone.PriceCloud, gpu, market, count)?.HourlyPrice
            ?? PerGpu(zone.PriceCloud, null)
            ?? catalog.Cheapest(null, gpu, market, count)?.HourlyPrice
            ?? PerGpu(null, null);
    }

    /// <summary>The catalog's spot price, times the zone's trace price ÷ the catalog's spot price of the trace's own
    /// GPU there: the trace's GPU then costs exactly the trace price, and any other GPU follows the same zone's moves
    /// and differences (the traces price one instance type; the spec may ask for another GPU).</summary>
    private static decimal? SpotPrice(PriceCatalog catalog, LocalZone zone, string gpu, int count, (decimal Price, string Accelerator)? trace)
    {
        var price = Price(catalog, zone, gpu, count, Market.Spot);
        if (price is null || trace is not { } t || !Accelerators.TryParseRequest(t.Accelerator, out var own, out _)
            || Price(catalog, zone, own.Name, own.Count, Market.Spot) is not { } ownCatalog || ownCatalog <= 0)
        {
            return price;
        }

        return Math.Round(price.Value * t.Price / ownCatalog, 6);
    }

    private static decimal? OnDemand(PriceCatalog catalog, LocalZone zone, string gpu, int count, decimal spot, decimal? ratio) =>
        ratio is { } r ? Math.Round(spot * r, 6) : Price(catalog, zone, gpu, count, Market.OnDemand);

    private static string Canonical(string gpu) =>
        Accelerators.TryNormalize(gpu, out var canonical)
            ? canonical
            : throw new InvalidSpecException(CloudIds.Local, $"unknown accelerator '{gpu}'; known: {Accelerators.KnownNamesText}", "InvalidParameterValue");

    private static void Require(IReadOnlyList<string> asked, IEnumerable<string> known, string what)
    {
        var have = known.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = asked.Where(a => !have.Contains(a)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidSpecException(
                CloudIds.Local,
                $"unknown {what} {string.Join(", ", missing)} (known: {string.Join(", ", have.Order(StringComparer.Ordinal))})",
                "InvalidParameterValue");
        }
    }

    private static bool Allows(IReadOnlyList<string> allowed, string value) =>
        allowed.Count == 0 || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
}
