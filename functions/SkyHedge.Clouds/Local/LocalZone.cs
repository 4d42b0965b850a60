using SkyHedge.Core.Model;
using CloudIds = SkyHedge.Core.Model.Clouds;

namespace SkyHedge.Clouds.Local;

/// <summary>
/// One virtual zone of the local cloud. Replicas launched into it run as processes on this machine; the zone only
/// decides where they are said to be, what they cost and (with a trace) when spot capacity goes away.
/// </summary>
/// <param name="Region">The region reported in <see cref="Location.Region"/> (for a trace zone, the real region the
/// zone belongs to, e.g. <c>us-east-1</c>).</param>
/// <param name="Zone">The zone name reported in <see cref="Location.Zone"/> (e.g. <c>local-zone-a</c> or
/// <c>us-east-1a</c>).</param>
/// <param name="PriceCloud">The catalog cloud whose prices this zone charges (<c>aws</c>, <c>gcp</c>,
/// <c>azure</c>).</param>
/// <param name="PriceRegion">The catalog region whose prices this zone charges.</param>
public sealed record LocalZone(string Region, string Zone, string PriceCloud, string PriceRegion)
{
    /// <summary>The cloud and region the default zones are priced as: the catalog's AWS us-east-1, the region
    /// with the most GPU types in it.</summary>
    public const string DefaultPriceCloud = CloudIds.Aws;

    /// <inheritdoc cref="DefaultPriceCloud"/>
    public const string DefaultPriceRegion = "us-east-1";

    /// <summary>The region of the default zones.</summary>
    public const string DefaultRegion = "local-region-1";

    /// <summary>Three zones <c>local-zone-a</c>, <c>-b</c>, <c>-c</c> in <see cref="DefaultRegion"/>, priced as
    /// <see cref="DefaultPriceCloud"/> <see cref="DefaultPriceRegion"/>, used when there is no trace.</summary>
    public static IReadOnlyList<LocalZone> Defaults { get; } =
    [
        new(DefaultRegion, "local-zone-a", DefaultPriceCloud, DefaultPriceRegion),
        new(DefaultRegion, "local-zone-b", DefaultPriceCloud, DefaultPriceRegion),
        new(DefaultRegion, "local-zone-c", DefaultPriceCloud, DefaultPriceRegion),
    ];

    /// <summary>Where a replica in this zone is: cloud <c>local</c>, <see cref="Region"/>, <see cref="Zone"/>.</summary>
    public Location Location => new(CloudIds.Local, Region, Zone);

    public override string ToString() => $"{Location} (priced as {PriceCloud}/{PriceRegion})";
}
