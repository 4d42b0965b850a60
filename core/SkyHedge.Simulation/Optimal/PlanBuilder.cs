namespace SkyHedge.Simulation.Optimal;

/// <summary>Turns ready-replica counts per pool into held replicas, ready totals and costs.</summary>
internal static class PlanBuilder
{
    /// <param name="input">The validated problem.</param>
    /// <param name="ticks">N.</param>
    /// <param name="ready">[pool][i]: ready replicas at tick C + i; pools are the zones, then on-demand.</param>
    /// <param name="optimal">Whether <paramref name="ready"/> came from a completed solve.</param>
    public static OptimalPlan Build(OptimalInput input, int ticks, int[][] ready, bool optimal)
    {
        var zones = input.Capacity.Length;
        var coldStart = input.ColdStartTicks;
        var ceiling = input.Target + input.Overprovision;

        // The cheapest holding that keeps m ready at tick t must hold m over all of [t − C, t]; holding the
        // window maximum of the ready counts is exactly that (a replica ready through a short gap is kept, not
        // restarted, because restarting would pay the cold start again).
        var held = new int[zones + 1][];
        for (var p = 0; p <= zones; p++)
        {
            held[p] = new int[ticks];
            for (var t = 0; t < ticks; t++)
            {
                var max = 0;
                var last = Math.Min(t + coldStart, ticks - 1);
                for (var u = Math.Max(t, coldStart); u <= last; u++)
                {
                    max = Math.Max(max, ready[p][u - coldStart]);
                }

                held[p][t] = max;
            }
        }

        var spot = new int[ticks][];
        var onDemand = held[zones];
        var active = new int[ticks];
        double spotCost = 0, spotCostLate = 0;
        long onDemandTicks = 0, onDemandTicksLate = 0;
        for (var t = 0; t < ticks; t++)
        {
            spot[t] = new int[zones];
            var late = t >= coldStart;
            for (var z = 0; z < zones; z++)
            {
                spot[t][z] = held[z][t];
                spotCost += held[z][t] * input.SpotPrice(z);
                spotCostLate += late ? held[z][t] * input.SpotPrice(z) : 0;
            }

            onDemandTicks += onDemand[t];
            onDemandTicksLate += late ? onDemand[t] : 0;
            if (late)
            {
                var readyNow = 0;
                for (var p = 0; p <= zones; p++)
                {
                    readyNow += WindowMin(held[p], t - coldStart, t);
                }

                // The artifact bounds its active variables by Target + Overprovision; anything ready beyond that is
                // simply not counted, as its solver would have done.
                active[t] = Math.Min(readyNow, ceiling);
            }
        }

        var ratio = input.OnDemandCostRatio;
        return new OptimalPlan(
            spot,
            onDemand,
            active,
            spotCost + (ratio * onDemandTicks),
            spotCostLate + (ratio * onDemandTicksLate),
            optimal);
    }

    /// <summary>The plan that is always feasible: Target on-demand replicas for the whole horizon.</summary>
    public static OptimalPlan AllOnDemand(OptimalInput input, int ticks)
    {
        var span = Math.Max(0, ticks - input.ColdStartTicks);
        var ready = new int[input.Capacity.Length + 1][];
        for (var p = 0; p < ready.Length; p++)
        {
            ready[p] = new int[span];
        }

        Array.Fill(ready[^1], input.Target);
        return Build(input, ticks, ready, optimal: false);
    }

    private static int WindowMin(int[] values, int from, int to)
    {
        var min = int.MaxValue;
        for (var t = from; t <= to; t++)
        {
            min = Math.Min(min, values[t]);
        }

        return min;
    }
}
