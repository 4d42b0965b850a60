using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.Fake;

/// <summary>A capacity limit for one (location, market) (persisted state). No record means unlimited.</summary>
internal sealed class FakeCapacityRecord
{
    public Location Location { get; set; } = new("", "", "");

    public Market Market { get; set; }

    public int Limit { get; set; }
}
