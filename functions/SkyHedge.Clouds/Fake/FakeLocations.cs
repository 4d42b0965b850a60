using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.Fake;

/// <summary>Location comparison for the fake: clouds and regions compare case-insensitively everywhere in SkyHedge, so
/// the fake does too (a test's <c>AWS</c> and the adapter's <c>aws</c> are one place).</summary>
internal static class FakeLocations
{
    public static bool Same(Location a, Location b) =>
        string.Equals(a.Cloud, b.Cloud, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Region, b.Region, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Zone, b.Zone, StringComparison.OrdinalIgnoreCase);
}
