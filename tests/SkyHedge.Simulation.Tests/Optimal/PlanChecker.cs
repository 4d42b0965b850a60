using SkyHedge.Simulation.Optimal;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>Rechecks a plan against every constraint of the artifact's ILP, from the plan's numbers alone.</summary>
internal static class PlanChecker
{
    public static void AssertFeasible(OptimalInput input, OptimalPlan plan)
    {
        var zones = input.Capacity.Length;
        var ticks = input.Capacity[0].Length;
        var soft = input.Target + input.Overprovision;
        var c = input.ColdStartTicks;
        Assert.Equal(ticks, plan.Spot.Length);
        Assert.Equal(ticks, plan.OnDemand.Length);
        Assert.Equal(ticks, plan.Active.Length);

        double cost = 0, late = 0;
        for (var t = 0; t < ticks; t++)
        {
            Assert.Equal(zones, plan.Spot[t].Length);
            for (var r = 0; r < zones; r++)
            {
                Assert.InRange(plan.Spot[t][r], 0, Math.Min(soft, input.Capacity[r][t]));
            }

            Assert.InRange(plan.OnDemand[t], 0, soft);
            var tickCost = plan.Spot[t].Select((n, z) => n * input.SpotPrice(z)).Sum() + (input.OnDemandCostRatio * plan.OnDemand[t]);
            cost += tickCost;
            late += t >= c ? tickCost : 0;

            if (t < c)
            {
                Assert.Equal(0, plan.Active[t]);
                continue;
            }

            // A replica counts as ready only if it was held at every tick of [t − C, t].
            var ready = 0;
            for (var r = 0; r < zones; r++)
            {
                ready += Enumerable.Range(t - c, c + 1).Min(u => plan.Spot[u][r]);
            }

            ready += Enumerable.Range(t - c, c + 1).Min(u => plan.OnDemand[u]);
            Assert.InRange(plan.Active[t], input.Target, soft);
            Assert.True(plan.Active[t] <= ready, $"tick {t}: {plan.Active[t]} active but only {ready} ready");
        }

        Assert.Equal(cost, plan.Cost, 6);
        Assert.Equal(late, plan.CostFromColdStart, 6);
    }
}
