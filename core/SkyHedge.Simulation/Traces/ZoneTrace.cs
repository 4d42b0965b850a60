using SkyHedge.Core.Model;

namespace SkyHedge.Simulation.Traces;

/// <summary>One zone's spot trace: a capacity per trace tick, each tick lasting <see cref="GapSeconds"/>.</summary>
/// <param name="Capacity">Spot replicas the zone can hold at each trace tick, already decoded
/// (availability 1 becomes <see cref="Unlimited"/>).</param>
public sealed record ZoneTrace(Location Location, string Accelerator, double GapSeconds, int[] Capacity, string Source)
{
    /// <summary>Capacity of an "available" tick in a 0/1 trace.</summary>
    public const int Unlimited = int.MaxValue;

    public double DurationSeconds => Capacity.Length * GapSeconds;

    /// <summary>Capacity at simulation tick <paramref name="simTick"/> of <paramref name="tickSeconds"/> each:
    /// trace tick floor(simTick × tickSeconds / gap).</summary>
    public int CapacityAt(long simTick, double tickSeconds)
    {
        var i = (long)Math.Floor(simTick * tickSeconds / GapSeconds + 1e-9);
        return Capacity[(int)Math.Min(i, Capacity.Length - 1)];
    }
}
