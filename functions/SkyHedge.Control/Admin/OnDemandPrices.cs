using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>On-demand hourly prices for the cost report's baseline.</summary>
internal static class OnDemandPrices
{
    /// <summary>The catalog's on-demand price of the replica's instance type in its cloud, preferring its region
    /// (zones are ignored: AWS rows name zone ids, replicas zone names). Null when the catalog has no such row,
    /// e.g. for the local cloud.</summary>
    public static Func<Replica, decimal?> FromCatalog(PriceCatalog catalog) => replica =>
    {
        var rows = catalog.Offerings
            .Where(o => o.Market == Market.OnDemand
                && string.Equals(o.InstanceType, replica.InstanceType, StringComparison.Ordinal)
                && string.Equals(o.Location.Cloud, replica.Cloud, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var inRegion = rows.Where(o => string.Equals(o.Location.Region, replica.Region, StringComparison.OrdinalIgnoreCase)).ToList();
        var pick = inRegion.Count > 0 ? inRegion : rows;
        return pick.Count > 0 ? pick.Min(o => o.HourlyPrice) : null;
    };
}
