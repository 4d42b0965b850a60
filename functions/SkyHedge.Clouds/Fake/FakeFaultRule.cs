using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.Fake;

/// <summary>A programmed fault waiting for its next <see cref="Remaining"/> matching calls (persisted state).</summary>
internal sealed class FakeFaultRule
{
    public FakeOperation Operation { get; set; }

    public FakeFault Fault { get; set; } = FakeFault.Throttle();

    public int Remaining { get; set; }

    /// <summary>Only calls to this cloud, or any when null.</summary>
    public string? Cloud { get; set; }

    /// <summary>Only launches into this location, or any when null.</summary>
    public Location? Location { get; set; }

    public bool Matches(string cloud, FakeOperation operation, Location? location) =>
        Remaining > 0
        && Operation == operation
        && (Cloud is null || string.Equals(Cloud, cloud, StringComparison.OrdinalIgnoreCase))
        && (Location is null || (location is not null && FakeLocations.Same(Location, location)));
}
