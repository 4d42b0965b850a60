namespace SkyHedge.Core.Model;

/// <summary>The cloud ids SkyHedge knows (lower case, as in <see cref="Location.Cloud"/>).</summary>
public static class Clouds
{
    public const string Aws = "aws";
    public const string Gcp = "gcp";
    public const string Azure = "azure";

    /// <summary>Replicas run as local processes (development and tests): no prices, no preemption.</summary>
    public const string Local = "local";

    public static IReadOnlyList<string> All { get; } = [Aws, Gcp, Azure, Local];

    /// <summary>Maps a cloud name in any case to its id.</summary>
    public static bool TryNormalize(string? name, out string cloud)
    {
        cloud = All.FirstOrDefault(c => string.Equals(c, name?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        return cloud.Length > 0;
    }

    /// <summary>
    /// The region a zone NAME belongs to: <c>us-east-1a</c> → <c>us-east-1</c> (AWS), <c>us-central1-a</c> →
    /// <c>us-central1</c> (GCP). Returns null when the name does not have that shape (for example an AWS AZ id
    /// such as <c>use1-az1</c>, or an Azure zone number).
    /// </summary>
    /// <remarks>
    /// This is how trace zones are priced: an AWS zone name cannot be joined to the catalog's AZ ids (the mapping
    /// differs per account), so callers look prices up by the region instead.
    /// </remarks>
    public static string? RegionOfZone(string cloud, string zone)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(zone);
        switch (cloud.ToLowerInvariant())
        {
            case Aws:
                // us-east-1a: region ends in a digit, one trailing letter.
                return zone.Length >= 2 && char.IsAsciiLetterLower(zone[^1]) && char.IsAsciiDigit(zone[^2]) && zone.Contains('-', StringComparison.Ordinal)
                    ? zone[..^1]
                    : null;
            case Gcp:
                // us-central1-a: region, dash, one letter.
                return zone.Length >= 3 && zone[^2] == '-' && char.IsAsciiLetterLower(zone[^1])
                    ? zone[..^2]
                    : null;
            default:
                return null;
        }
    }
}
