using SkyHedge.Core.Policies;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Simulation.Engine;

/// <summary>One evaluation window: which zones (in this repeat's shuffled order), where it starts, how long.</summary>
/// <param name="Offset">First simulation tick, counted from the trace start.</param>
public sealed record Window(int Repeat, long Offset, int Ticks, IReadOnlyList<ZoneTrace> Zones, IReadOnlyList<ZoneInfo> ZoneInfos, double TickSeconds)
{
    /// <summary>Capacity of zone <paramref name="zone"/> at window tick <paramref name="tick"/>.</summary>
    public int Capacity(int zone, int tick) => Zones[zone].CapacityAt(Offset + tick, TickSeconds);
}
