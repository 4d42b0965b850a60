namespace SkyHedge.Control.State;

/// <summary>Requests the router counted for a service in one bucket of <see cref="BucketLength"/>.</summary>
/// <param name="BucketStart">The start of the bucket (UTC, a multiple of <see cref="BucketLength"/>).</param>
/// <param name="Count">Requests in that bucket.</param>
/// <param name="Sizes">How many of them fell in each request-size cell (<c>SizeGrid</c>), when the router knew their
/// sizes; null for rows without it.</param>
public sealed record RequestCount(DateTimeOffset BucketStart, long Count, IReadOnlyDictionary<int, long>? Sizes = null)
{
    /// <summary>The stored form of a size histogram: <c>cell:count</c> pairs joined by <c>;</c>.</summary>
    public static string FormatSizes(IReadOnlyDictionary<int, long> sizes) =>
        string.Join(';', sizes.Where(p => p.Value > 0).OrderBy(p => p.Key).Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Key}:{p.Value}")));

    /// <summary>Reads <see cref="FormatSizes"/>' form; malformed pairs are skipped (a row is advisory, never fatal).</summary>
    public static Dictionary<int, long> ParseSizes(string? text)
    {
        var sizes = new Dictionary<int, long>();
        foreach (var pair in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && int.TryParse(pair.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cell)
                && long.TryParse(pair.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                sizes[cell] = sizes.GetValueOrDefault(cell) + n;
            }
        }

        return sizes;
    }

    /// <summary>How much time one count row covers. Ten seconds keeps the autoscaler's 60 s window within a
    /// sixth of a bucket of exact (a minute bucket let a finished load step linger for up to two minutes) while a
    /// day is still only 8,640 small rows per service.</summary>
    public static readonly TimeSpan BucketLength = TimeSpan.FromSeconds(10);
}
