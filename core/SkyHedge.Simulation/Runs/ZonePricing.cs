using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Simulation.Runs;

/// <summary>
/// Hourly prices for a trace set's zones from the price catalog, for <see cref="CostUnit.Usd"/>. A trace zone is
/// priced at the cheapest catalog spot offering of its accelerator (one GPU) in its cloud and region; where the
/// catalog has no row for that region, the cheapest in the same cloud. AWS trace zones are account-specific names
/// that cannot be joined to the catalog's AZ ids, hence region granularity. On-demand replicas are bought at the
/// cheapest on-demand offering of any of the set's accelerators in any of its clouds.
/// </summary>
public sealed class ZonePricing
{
    private ZonePricing(double[] spot, double onDemand)
    {
        Spot = spot;
        OnDemand = onDemand;
    }

    /// <summary>Spot $/replica-hour per zone, indexed like the trace set's zones.</summary>
    public IReadOnlyList<double> Spot { get; }

    /// <summary>On-demand $/replica-hour.</summary>
    public double OnDemand { get; }

    public static ZonePricing FromCatalog(IReadOnlyList<ZoneTrace> zones, PriceCatalog catalog)
    {
        var spot = new double[zones.Count];
        var onDemand = double.PositiveInfinity;
        for (var z = 0; z < zones.Count; z++)
        {
            var zone = zones[z];
            var accelerator = AcceleratorOf(zone);
            var cloud = zone.Location.Cloud;
            var price = catalog.CheapestSpotPrice(cloud, zone.Location.Region, accelerator)
                ?? catalog.Cheapest(cloud, accelerator, Market.Spot, 1)?.HourlyPrice
                ?? throw new ArgumentException($"no {cloud} spot price for {accelerator} in the price catalog (zone {zone.Location})");
            spot[z] = (double)price;
            var od = catalog.Cheapest(cloud, accelerator, Market.OnDemand, 1)?.HourlyPrice
                ?? throw new ArgumentException($"no {cloud} on-demand price for {accelerator} in the price catalog");
            onDemand = Math.Min(onDemand, (double)od);
        }

        return new ZonePricing(spot, onDemand);
    }

    // Trace metadata says e.g. "V100:1" or "A100 (memory size and GPUs per node unclear, ...)".
    private static string AcceleratorOf(ZoneTrace zone)
    {
        var name = zone.Accelerator.Split([':', ' ', '('], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return Accelerators.TryNormalize(name, out var canonical)
            ? canonical
            : throw new ArgumentException($"{zone.Source}: accelerator \"{zone.Accelerator}\" is not a known GPU, so it has no price; use --cost-unit spot");
    }
}
