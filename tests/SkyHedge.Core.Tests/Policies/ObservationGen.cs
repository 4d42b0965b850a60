using CsCheck;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

/// <summary>Random, internally consistent observation sequences (ready ≤ alive, pending ready times sorted).</summary>
internal static class ObservationGen
{
    public const int MaxZones = 9;

    /// <summary>One step: the target, then per zone three raw draws (requested, alive, ready) and the on-demand
    /// fleet's raw draws.</summary>
    public static Gen<(int Target, int[] Raw)> Step { get; } =
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, 1000].Array[(3 * MaxZones) + 2]);

    /// <summary>A zone count and a sequence of steps.</summary>
    public static Gen<(int Zones, (int Target, int[] Raw)[] Steps)> Sequence { get; } =
        Gen.Select(Gen.Int[1, MaxZones], Step.Array[1, 40]);

    /// <summary>Overwrites <paramref name="obs"/> with one step (the caller reuses it, as the simulator does).</summary>
    public static void Apply(FleetObservation obs, int tick, int target, int[] raw)
    {
        obs.Tick = tick;
        obs.Target = target;
        obs.PendingSpotReadyAt.Clear();
        obs.PendingOnDemandReadyAt.Clear();
        for (var z = 0; z < obs.Zones.Count; z++)
        {
            obs.Requested[z] = raw[3 * z] % 5;
            obs.Alive[z] = raw[(3 * z) + 1] % 5;
            obs.ReadySpot[z] = raw[(3 * z) + 2] % (obs.Alive[z] + 1);
            obs.Preempted[z] = Math.Max(0, obs.Requested[z] - obs.Alive[z]);
            for (var i = obs.ReadySpot[z]; i < obs.Alive[z]; i++)
            {
                obs.PendingSpotReadyAt.Add(tick + 1 + ((raw[3 * z] + i) % 4));
            }
        }

        obs.PendingSpotReadyAt.Sort();
        obs.AliveOnDemand = raw[^2] % 6;
        obs.ReadyOnDemand = raw[^1] % (obs.AliveOnDemand + 1);
        for (var i = obs.ReadyOnDemand; i < obs.AliveOnDemand; i++)
        {
            obs.PendingOnDemandReadyAt.Add(tick + 1 + ((raw[^1] + i) % 4));
        }

        obs.PendingOnDemandReadyAt.Sort();
    }
}
