using SkyHedge.Simulation.Optimal;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>
/// Exhaustive search over every holding (spot per zone and on-demand, each tick in [0, bound]) for tiny
/// instances: a reference that does not depend on OR-Tools or on any reformulation.
/// </summary>
internal static class BruteForce
{
    public static double MinCost(OptimalInput input)
    {
        var zones = input.Capacity.Length;
        var ticks = input.Capacity[0].Length;
        var soft = input.Target + input.Overprovision;
        var pools = zones + 1;

        // Flattened [pool * ticks + t]; the last pool is on-demand.
        var bound = new int[pools * ticks];
        for (var p = 0; p < pools; p++)
        {
            for (var t = 0; t < ticks; t++)
            {
                bound[(p * ticks) + t] = p < zones ? Math.Min(soft, input.Capacity[p][t]) : soft;
            }
        }

        var held = new int[bound.Length];
        var best = double.PositiveInfinity;
        while (true)
        {
            if (Feasible(input, held, pools, ticks))
            {
                best = Math.Min(best, Cost(input, held, zones, ticks));
            }

            // Odometer step: next assignment, or done once every digit wrapped.
            var digit = 0;
            while (digit < held.Length && held[digit] == bound[digit])
            {
                held[digit++] = 0;
            }

            if (digit == held.Length)
            {
                return best;
            }

            held[digit]++;
        }
    }

    // Actives a ≤ window minimum with Target ≤ Σ a ≤ Target + Overprovision exist iff Σ minima ≥ Target.
    private static bool Feasible(OptimalInput input, int[] held, int pools, int ticks)
    {
        var c = input.ColdStartTicks;
        for (var t = c; t < ticks; t++)
        {
            var ready = 0;
            for (var p = 0; p < pools; p++)
            {
                var min = int.MaxValue;
                for (var u = t - c; u <= t; u++)
                {
                    min = Math.Min(min, held[(p * ticks) + u]);
                }

                ready += min;
            }

            if (ready < input.Target)
            {
                return false;
            }
        }

        return true;
    }

    private static double Cost(OptimalInput input, int[] held, int zones, int ticks)
    {
        double cost = 0;
        for (var i = 0; i < held.Length; i++)
        {
            cost += i < zones * ticks ? held[i] : input.OnDemandCostRatio * held[i];
        }

        return cost;
    }
}
