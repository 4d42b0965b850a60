using Google.OrTools.LinearSolver;
using SkyHedge.Simulation.Optimal;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>
/// The artifact's ILP written out literally (every variable and constraint of optimal_ilp.py) and solved with a
/// MIP solver bundled in OR-Tools: the reference the min-cost-flow planner must match. Only for small instances.
/// </summary>
internal static class ArtifactIlp
{
    public static double SolveCost(OptimalInput input)
    {
        using var solver = Solver.CreateSolver("SCIP") ?? Solver.CreateSolver("CBC")
            ?? throw new InvalidOperationException("no MIP solver in the OR-Tools native library");
        var zones = input.Capacity.Length;
        var ticks = input.Capacity[0].Length;
        var soft = input.Target + input.Overprovision;
        var c = input.ColdStartTicks;

        var spot = new Variable[zones][];
        var activeSpot = new Variable[zones][];
        for (var r = 0; r < zones; r++)
        {
            spot[r] = new Variable[ticks];
            activeSpot[r] = new Variable[ticks];
            for (var t = 0; t < ticks; t++)
            {
                spot[r][t] = solver.MakeIntVar(0, Math.Min(soft, input.Capacity[r][t]), $"r{r}_{t}");
                activeSpot[r][t] = solver.MakeIntVar(0, soft, $"a{r}_{t}");
            }
        }

        var onDemand = new Variable[ticks];
        var activeOnDemand = new Variable[ticks];
        for (var t = 0; t < ticks; t++)
        {
            onDemand[t] = solver.MakeIntVar(0, soft, $"o{t}");
            activeOnDemand[t] = solver.MakeIntVar(0, soft, $"ao{t}");
        }

        for (var t = 0; t < ticks; t++)
        {
            for (var r = 0; r < zones; r++)
            {
                AddWindow(solver, activeSpot[r][t], spot[r], t, c);
            }

            AddWindow(solver, activeOnDemand[t], onDemand, t, c);
            if (t >= c)
            {
                var total = solver.MakeConstraint(input.Target, soft, $"n{t}");
                for (var r = 0; r < zones; r++)
                {
                    total.SetCoefficient(activeSpot[r][t], 1);
                }

                total.SetCoefficient(activeOnDemand[t], 1);
            }
        }

        var objective = solver.Objective();
        for (var t = 0; t < ticks; t++)
        {
            for (var r = 0; r < zones; r++)
            {
                objective.SetCoefficient(spot[r][t], input.SpotPrice(r));
            }

            objective.SetCoefficient(onDemand[t], input.OnDemandCostRatio);
        }

        objective.SetMinimization();
        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException($"reference MIP ended {status}");
        }

        return objective.Value();
    }

    /// <summary>active[t] ≤ held[t'] for t' in [t − C, t]; active[t] = 0 before the first cold start ends.</summary>
    private static void AddWindow(Solver solver, Variable active, Variable[] held, int t, int c)
    {
        if (t < c)
        {
            solver.MakeConstraint(double.NegativeInfinity, 0).SetCoefficient(active, 1);
            return;
        }

        for (var past = t - c; past <= t; past++)
        {
            var constraint = solver.MakeConstraint(double.NegativeInfinity, 0);
            constraint.SetCoefficient(active, 1);
            constraint.SetCoefficient(held[past], -1);
        }
    }
}
