using System.Globalization;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>Row keys and their rules: Azure rejects <c>/ \ # ?</c> and control characters in keys, and a bad key
/// must fail here with a clear message rather than as an opaque 400 from the service.</summary>
internal static class TableKeys
{
    public const string ServicePartition = "service";

    public static string Check(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value, what);
        if (value.Length is 0 or > 512 || value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException(
                $"{what} '{value}' cannot be a table key: it must be 1-512 characters without '/', '\\', '#', '?' or control characters.", what);
        }

        return value;
    }

    /// <summary><c>cloud|region|zone</c> (zone may be empty).</summary>
    public static string Location(Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if ($"{location.Cloud}{location.Region}{location.Zone}".Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Location {location} cannot contain '|'.", nameof(location));
        }

        return Check($"{location.Cloud}|{location.Region}|{location.Zone}", "location");
    }

    private const string CountFormat = "yyyyMMddHHmmss";

    /// <summary>The request-count bucket holding <paramref name="time"/>, as <c>yyyyMMddHHmmss</c> (UTC) of its start:
    /// sorts in time order.</summary>
    public static string CountBucket(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var start = utc.AddTicks(-(utc.Ticks % RequestCount.BucketLength.Ticks));
        return start.ToString(CountFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>A bucket's start from its key, or null for a key of another shape (the per-minute rows of
    /// releases before ten-second buckets, which a range scan can still meet).</summary>
    public static DateTimeOffset? ParseCountBucket(string key) =>
        key.Length == CountFormat.Length && DateTimeOffset.TryParseExact(
            key, CountFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
            ? start
            : null;

    /// <summary>Inverted ticks, so an ascending scan (the only order Table storage has) returns newest first, plus a
    /// unique suffix so events in the same tick never collide.</summary>
    public static string Event(DateTimeOffset time) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}_{Guid.NewGuid():N}";
}
