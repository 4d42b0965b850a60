using Google.OrTools.LinearSolver;
using SkyHedge.Simulation.Optimal;

namespace SkyHedge.Simulation.Tests.Optimal;

public sealed class OptimalPlannerEdgeTests
{
    private const int Day = 2880;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public void Full_availability_costs_target_replicas_every_tick()
    {
        var input = new OptimalInput(Zones(9, Day, SpotTraces.Unlimited), Target: 3, Overprovision: 1, ColdStartTicks: 4, OnDemandCostRatio: 3);

        var plan = OptimalPlanner.Solve(input, Limit);

        PlanChecker.AssertFeasible(input, plan);
        Assert.True(plan.Optimal);
        Assert.Equal(8640, plan.Cost, 6);
        Assert.Equal(3 * (Day - 4), plan.CostFromColdStart, 6);
        Assert.All(plan.OnDemand, o => Assert.Equal(0, o));
    }

    [Fact]
    public void No_spot_anywhere_runs_target_on_demand_replicas_every_tick()
    {
        var input = new OptimalInput(Zones(15, Day, 0), Target: 3, Overprovision: 1, ColdStartTicks: 4, OnDemandCostRatio: 3.3);

        var plan = OptimalPlanner.Solve(input, Limit);

        PlanChecker.AssertFeasible(input, plan);
        Assert.Equal(3.3 * 3 * Day, plan.Cost, 6);
        Assert.All(plan.OnDemand, o => Assert.Equal(3, o));
        Assert.All(plan.Active.Skip(4), a => Assert.Equal(3, a));
    }

    [Fact]
    public void Capacity_of_one_per_zone_spreads_the_target_over_zones()
    {
        var input = new OptimalInput(Zones(4, 100, 1), Target: 3, Overprovision: 0, ColdStartTicks: 2, OnDemandCostRatio: 3);

        var plan = OptimalPlanner.Solve(input, Limit);

        PlanChecker.AssertFeasible(input, plan);
        Assert.Equal(300, plan.Cost, 6);
        Assert.All(plan.Spot, s => Assert.All(s, n => Assert.InRange(n, 0, 1)));
    }

    [Fact]
    public void An_outage_is_bridged_by_on_demand_until_the_zone_is_ready_again()
    {
        // One zone, lost at ticks 10..11, C = 3, ratio 3. Spot is held over [0, 9] (10) and again from 12, ready
        // at 15 (8); on-demand must be ready over [10, 14], so held over [7, 14] (8 × 3 = 24). Total 42, against
        // 60 for on-demand throughout.
        var zone = Enumerable.Range(0, 20).Select(t => t is 10 or 11 ? 0 : 1).ToArray();
        var input = new OptimalInput([zone], Target: 1, Overprovision: 0, ColdStartTicks: 3, OnDemandCostRatio: 3);

        var plan = OptimalPlanner.Solve(input, Limit);

        PlanChecker.AssertFeasible(input, plan);
        Assert.Equal(42, plan.Cost, 6);
        Assert.Equal(ArtifactIlp.SolveCost(input), plan.Cost, 6);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], plan.OnDemand);
    }

    [Fact]
    public void Nothing_to_cover_costs_nothing()
    {
        var noTarget = new OptimalInput(Zones(2, 50, 2), Target: 0, Overprovision: 1, ColdStartTicks: 3, OnDemandCostRatio: 3);
        var tooShort = new OptimalInput(Zones(2, 3, 2), Target: 2, Overprovision: 1, ColdStartTicks: 3, OnDemandCostRatio: 3);

        foreach (var input in new[] { noTarget, tooShort })
        {
            var plan = OptimalPlanner.Solve(input, Limit);
            Assert.True(plan.Optimal);
            Assert.Equal(0, plan.Cost);
            Assert.All(plan.Active, a => Assert.Equal(0, a));
        }
    }

    [Fact]
    public void An_expired_time_limit_returns_the_feasible_on_demand_plan()
    {
        var input = new OptimalInput(Zones(3, 60, SpotTraces.Unlimited), Target: 2, Overprovision: 1, ColdStartTicks: 2, OnDemandCostRatio: 3);

        var plan = OptimalPlanner.Solve(input, TimeSpan.Zero);

        Assert.False(plan.Optimal);
        PlanChecker.AssertFeasible(input, plan);
        Assert.Equal(3.0 * 2 * 60, plan.Cost, 6);
    }

    [Fact]
    public void Rejects_malformed_input()
    {
        Assert.Throws<ArgumentException>(() => OptimalPlanner.Solve(new OptimalInput([], 1, 0, 1, 3), Limit));
        Assert.Throws<ArgumentException>(() => OptimalPlanner.Solve(new OptimalInput([[1, 1], [1]], 1, 0, 1, 3), Limit));
        Assert.Throws<ArgumentException>(() => OptimalPlanner.Solve(new OptimalInput([[1, -1]], 1, 0, 1, 3), Limit));
        Assert.Throws<ArgumentException>(() => OptimalPlanner.Solve(new OptimalInput([[1, 1]], 1, -1, 1, 3), Limit));
        Assert.Throws<ArgumentException>(() => OptimalPlanner.Solve(new OptimalInput([[1, 1]], 1, 0, 1, double.NaN), Limit));
        Assert.Throws<ArgumentOutOfRangeException>(() => OptimalPlanner.Solve(new OptimalInput([[1, 1]], 1, 0, 1, 3), TimeSpan.FromSeconds(-5)));
    }

    [Fact]
    public void OrTools_native_library_loads_and_solves()
    {
        // The reference MIP depends on the runtime.linux-x64 native package being copied next to the tests.
        using var solver = Solver.CreateSolver("SCIP");
        Assert.NotNull(solver);
        var x = solver.MakeIntVar(0, 10, "x");
        solver.Add(x >= 2.5);
        solver.Minimize(x);
        Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
        Assert.Equal(3, x.SolutionValue(), 6);
    }

    private static int[][] Zones(int zones, int ticks, int capacity) =>
        Enumerable.Range(0, zones).Select(_ => Enumerable.Repeat(capacity, ticks).ToArray()).ToArray();
}
