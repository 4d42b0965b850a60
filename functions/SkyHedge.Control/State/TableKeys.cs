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

    /// <summary>The minute bucket <c>yyyyMMddHHmm</c> (UTC): sorts in time order.</summary>
    public static string Minute(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseMinute(string key) =>
        DateTimeOffset.ParseExact(key, "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Inverted ticks, so an ascending scan (the only order Table storage has) returns newest first, plus a
    /// unique suffix so events in the same tick never collide.</summary>
    public static string Event(DateTimeOffset time) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}_{Guid.NewGuid():N}";
}
