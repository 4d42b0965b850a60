using SkyHedge.Simulation.Optimal;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>Costs the SpotHedge artifact's own ILP run reported on the AWS V100 trace (read at 300 s per value).</summary>
public sealed class OptimalReferenceCostTests
{
    private const int Day = 2880;

    [Theory]
    [InlineData(43567, 8640)]
    [InlineData(95939, 8640)]
    [InlineData(97639, 8640)]
    [InlineData(41993, 9894)]
    [InlineData(86293, 8640)]
    public void Matches_the_artifact_cost_on_aws_windows(int start, double artifactCost)
    {
        var zones = SpotTraces.Load("aws-v100-2month", boolean: true, gapSeconds: 300);
        var input = new OptimalInput(SpotTraces.Window(zones, start, Day), Target: 3, Overprovision: 1, ColdStartTicks: 4, OnDemandCostRatio: 3);

        var plan = OptimalPlanner.Solve(input, TimeSpan.FromSeconds(30));

        Assert.True(plan.Optimal);
        PlanChecker.AssertFeasible(input, plan);
        Assert.Equal(artifactCost, plan.Cost, 6);
    }
}
