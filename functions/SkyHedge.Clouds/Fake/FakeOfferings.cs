using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Fake;

/// <summary>What a fake cloud sells: the programmed list for the cloud, or a small default set.</summary>
internal static class FakeOfferings
{
    public const string DefaultInstanceType = "fake.gpu";
    public const decimal DefaultSpotPrice = 1.0m;
    public const decimal DefaultOnDemandPrice = 3.0m;

    public static string DefaultRegion(string cloud) => $"{cloud}-region-1";

    public static IReadOnlyList<string> DefaultZones(string cloud) => [$"{cloud}-zone-a", $"{cloud}-zone-b", $"{cloud}-zone-c", $"{cloud}-zone-d"];

    /// <summary>The offerings of <paramref name="cloud"/> matching <paramref name="candidate"/>, cheapest first.</summary>
    /// <exception cref="InvalidSpecException">The candidate names this cloud and a region or instance type it does
    /// not have (per the <see cref="ICloudProvider.GetOfferingsAsync"/> contract).</exception>
    public static IReadOnlyList<Offering> For(FakeCloudState state, string cloud, ResourceCandidate candidate)
    {
        if (candidate.Cloud is not null && !string.Equals(candidate.Cloud, cloud, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        IReadOnlyList<Offering> all = state.Offerings.TryGetValue(cloud, out var programmed) ? programmed : Defaults(cloud, candidate);
        if (candidate.Cloud is not null)
        {
            // Only an entry that names this cloud can be wrong for it; with no cloud the region may be another's.
            Require(cloud, candidate.Regions, all.Select(o => o.Location.Region), "region");
            Require(cloud, candidate.InstanceType is { } type ? [type] : [], all.Select(o => o.InstanceType), "instance type");
        }

        return all
            .Where(o => Allows(candidate.Regions, o.Location.Region)
                && Allows(candidate.Zones, o.Location.Zone)
                && (candidate.InstanceType is null || string.Equals(candidate.InstanceType, o.InstanceType, StringComparison.Ordinal))
                && (candidate.Accelerators.Count == 0 || candidate.Accelerators.Any(a => SameGpu(a.Name, o.Accelerator) && a.Count == o.AcceleratorCount)))
            .OrderBy(o => o.HourlyPrice)
            .ThenBy(o => o.Location.Region, StringComparer.Ordinal)
            .ThenBy(o => o.Location.Zone, StringComparer.Ordinal)
            .ThenBy(o => o.InstanceType, StringComparer.Ordinal)
            .ThenBy(o => o.Market)
            .ToArray();
    }

    /// <summary>Zones a..d of one region, each GPU the candidate asks for (A10G:1 when none), spot and on-demand.</summary>
    private static List<Offering> Defaults(string cloud, ResourceCandidate candidate)
    {
        IReadOnlyList<AcceleratorRequest> gpus = candidate.Accelerators.Count > 0 ? candidate.Accelerators : [new(Accelerators.A10G, 1)];
        return [.. from zone in DefaultZones(cloud)
                   from gpu in gpus
                   from market in new[] { Market.Spot, Market.OnDemand }
                   select new Offering(
                       DefaultInstanceType,
                       gpu.Name,
                       gpu.Count,
                       new Location(cloud, DefaultRegion(cloud), zone),
                       market,
                       market == Market.Spot ? DefaultSpotPrice : DefaultOnDemandPrice)];
    }

    private static void Require(string cloud, IReadOnlyList<string> asked, IEnumerable<string> known, string what)
    {
        var have = known.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = asked.Where(a => !have.Contains(a)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidSpecException(cloud, $"unknown {what} {string.Join(", ", missing)} (known: {string.Join(", ", have.Order(StringComparer.Ordinal))})", "InvalidParameterValue");
        }
    }

    private static bool Allows(IReadOnlyList<string> allowed, string value) =>
        allowed.Count == 0 || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);

    private static bool SameGpu(string a, string b) =>
        Accelerators.TryNormalize(a, out var ca) && Accelerators.TryNormalize(b, out var cb)
            ? ca == cb
            : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
