using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds;

/// <summary>The offerings a real-cloud adapter gives for one <c>any_of</c> entry: the price catalog's spot and
/// on-demand rows of this cloud for each accelerator the entry accepts, in the entry's regions and zones and where
/// the adapter can launch (its configured regions and zones), cheapest first. An entry for another cloud gives none.</summary>
internal static class CatalogOfferings
{
    public static IReadOnlyList<Offering> For(PriceCatalog catalog, string cloud, ResourceCandidate candidate, Func<Location, bool> launchable)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Cloud is { } other && !string.Equals(other, cloud, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        return [.. candidate.Accelerators
            .SelectMany(a => catalog.Find(cloud, a.Name, Market.Spot, a.Count).Concat(catalog.Find(cloud, a.Name, Market.OnDemand, a.Count)))
            .Where(o => (candidate.Regions.Count == 0 || candidate.Regions.Contains(o.Location.Region))
                && (candidate.Zones.Count == 0 || o.Location.Zone.Length == 0 || candidate.Zones.Contains(o.Location.Zone))
                && launchable(o.Location))
            .OrderBy(o => o.HourlyPrice)];
    }
}
