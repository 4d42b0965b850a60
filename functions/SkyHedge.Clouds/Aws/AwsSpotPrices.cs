using System.Collections.Concurrent;
using Amazon.EC2;
using Amazon.EC2.Model;
using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>
/// Current spot prices from EC2's DescribeSpotPriceHistory, per region, instance type and availability-zone id,
/// cached for <see cref="AwsOptions.SpotPriceRefresh"/>. Spot prices move (and differ by zone far more than the
/// shipped catalog's snapshot says), so the placer ranks zones by what they cost now. A failed refresh keeps the
/// prices it had (the catalog's at first), reports the error once through <see cref="AwsOptions.PriceWarning"/>
/// and tries again after a minute, so a missing permission never stops launches.
/// </summary>
internal sealed class AwsSpotPrices(Func<string, AmazonEC2Client> client, AwsOptions options, TimeProvider time)
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Snapshot> _regions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _zoneIds = new(StringComparer.Ordinal);

    /// <summary>The offerings with each spot price replaced by the live one where EC2 quotes it.</summary>
    public async Task<IReadOnlyList<Offering>> ApplyAsync(IReadOnlyList<Offering> offerings, CancellationToken cancellationToken)
    {
        if (options.SpotPriceRefresh <= TimeSpan.Zero)
        {
            return offerings;
        }

        var prices = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        foreach (var region in offerings.Where(o => o.Market == Market.Spot).GroupBy(o => o.Location.Region, StringComparer.Ordinal))
        {
            prices[region.Key] = await RegionAsync(region.Key, region.Select(o => o.InstanceType).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        }

        return [.. offerings
            .Select(o => o.Market == Market.Spot && prices[o.Location.Region].Prices.TryGetValue((o.InstanceType, o.Location.Zone), out var live) ? o with { HourlyPrice = live } : o)
            .OrderBy(o => o.HourlyPrice)];
    }

    private async Task<Snapshot> RegionAsync(string region, HashSet<string> types, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_regions.TryGetValue(region, out var cached) && cached.Until > now && types.IsSubsetOf(cached.Types))
        {
            return cached;
        }

        if (cached is not null)
        {
            types.UnionWith(cached.Types);
        }

        try
        {
            var zoneIds = await ZoneIdsAsync(region, cancellationToken).ConfigureAwait(false);
            var latest = new Dictionary<(string, string), (DateTime At, decimal Price)>();
            var request = new DescribeSpotPriceHistoryRequest { StartTime = now.UtcDateTime, InstanceTypes = [.. types], ProductDescriptions = ["Linux/UNIX"] };
            do
            {
                var page = await AwsRetry.RunAsync(() => client(region).DescribeSpotPriceHistoryAsync(request, cancellationToken), options.MaxErrorRetry, cancellationToken).ConfigureAwait(false);
                foreach (var p in page.SpotPriceHistory ?? [])
                {
                    if (p.AvailabilityZone is { } zone && zoneIds.TryGetValue(zone, out var zoneId)
                        && decimal.TryParse(p.Price, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var price)
                        && (!latest.TryGetValue((p.InstanceType.Value, zoneId), out var seen) || seen.At < p.Timestamp))
                    {
                        latest[(p.InstanceType.Value, zoneId)] = (p.Timestamp ?? DateTime.MinValue, price);
                    }
                }

                request.NextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));

            var fresh = new Snapshot(now + options.SpotPriceRefresh, types, latest.ToDictionary(p => p.Key, p => p.Value.Price));
            _regions[region] = fresh;
            return fresh;
        }
        catch (AmazonEC2Exception e)
        {
            options.PriceWarning?.Invoke(
                $"aws: live spot prices for {region} unavailable ({e.ErrorCode}: {e.Message}); using {(cached is null ? "the shipped catalog" : "the last prices")}. " +
                "The identity needs ec2:DescribeSpotPriceHistory and ec2:DescribeAvailabilityZones.");
            var kept = new Snapshot(now + RetryAfterFailure, types, cached?.Prices ?? new Dictionary<(string, string), decimal>());
            _regions[region] = kept;
            return kept;
        }
    }

    // EC2 quotes prices by zone name (us-east-1a), which differs per account; the catalog and subnets use zone ids.
    private async Task<IReadOnlyDictionary<string, string>> ZoneIdsAsync(string region, CancellationToken cancellationToken)
    {
        if (_zoneIds.TryGetValue(region, out var known))
        {
            return known;
        }

        var zones = await AwsRetry.RunAsync(() => client(region).DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), cancellationToken), options.MaxErrorRetry, cancellationToken).ConfigureAwait(false);
        var map = (zones.AvailabilityZones ?? []).Where(z => z.ZoneName is not null && z.ZoneId is not null).ToDictionary(z => z.ZoneName, z => z.ZoneId, StringComparer.Ordinal);
        _zoneIds[region] = map;
        return map;
    }

    private sealed record Snapshot(DateTimeOffset Until, IReadOnlySet<string> Types, IReadOnlyDictionary<(string Type, string ZoneId), decimal> Prices);
}
