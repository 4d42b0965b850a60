using CsCheck;
using SkyHedge.Simulation.Optimal;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>The min-cost-flow planner against the artifact's ILP (OR-Tools MIP) and against exhaustive search.</summary>
public sealed class OptimalPlannerOptimalityTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Matches_the_artifact_ilp_on_random_small_instances()
    {
        InstanceGen.Instances(maxZones: 3, minTicks: 20, maxTicks: 60, maxColdStart: 4, maxTarget: 3, maxOver: 2)
            .Sample(
                input =>
                {
                    var plan = OptimalPlanner.Solve(input, Limit);
                    Assert.True(plan.Optimal);
                    PlanChecker.AssertFeasible(input, plan);
                    Assert.Equal(ArtifactIlp.SolveCost(input), plan.Cost, 6);
                },
                iter: 150,
                seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Matches_the_artifact_ilp_when_zones_have_different_prices()
    {
        // --cost-unit usd prices each zone at its own dollars per hour; the flow must still be optimal.
        InstanceGen.Priced(maxZones: 3, minTicks: 20, maxTicks: 50, maxColdStart: 4, maxTarget: 3, maxOver: 2)
            .Sample(
                input =>
                {
                    var plan = OptimalPlanner.Solve(input, Limit);
                    PlanChecker.AssertFeasible(input, plan);
                    Assert.Equal(ArtifactIlp.SolveCost(input), plan.Cost, 6);
                },
                iter: 80,
                seed: "0N0XIzNsQ0O3");
    }

    [Fact]
    public void Matches_the_artifact_ilp_with_cold_starts_of_two_to_four_ticks()
    {
        // Seeded loop over the brief's exact ranges (C = 2..4, a few zones, 30..60 ticks), on top of the property.
        var random = new Random(20240611);
        for (var i = 0; i < 40; i++)
        {
            var zones = random.Next(2, 5);
            var ticks = random.Next(30, 61);
            var capacity = new int[zones][];
            for (var z = 0; z < zones; z++)
            {
                capacity[z] = RunRow(random, ticks);
            }

            var input = new OptimalInput(capacity, random.Next(1, 4), random.Next(0, 2), random.Next(2, 5), 3);
            var plan = OptimalPlanner.Solve(input, Limit);
            PlanChecker.AssertFeasible(input, plan);
            Assert.Equal(ArtifactIlp.SolveCost(input), plan.Cost, 6);
        }
    }

    [Fact]
    public void Matches_exhaustive_search_on_tiny_instances()
    {
        InstanceGen.Instances(maxZones: 1, minTicks: 3, maxTicks: 6, maxColdStart: 2, maxTarget: 2, maxOver: 0)
            .Sample(
                input =>
                {
                    var plan = OptimalPlanner.Solve(input, Limit);
                    PlanChecker.AssertFeasible(input, plan);
                    Assert.Equal(BruteForce.MinCost(input), plan.Cost, 6);
                },
                iter: 60,
                seed: "0uG8N2Gjv5Ij");
    }

    private static int[] RunRow(Random random, int ticks)
    {
        var row = new int[ticks];
        var t = 0;
        while (t < ticks)
        {
            var level = random.Next(0, 5) switch { 4 => int.MaxValue, var v => v };
            var length = random.Next(1, 15);
            for (var k = 0; k < length && t < ticks; k++)
            {
                row[t++] = level;
            }
        }

        return row;
    }
}
