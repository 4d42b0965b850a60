using System.Diagnostics;
using System.Globalization;
using SkyHedge.Simulation.Optimal;
using Xunit.Abstractions;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>
/// Day-long plans on the real traces at 30 s ticks (AWS at its physical 195 s gap, 9 zones; plus the GCP
/// zones for 15). Asserts feasibility only; solve times are written to the test output, never asserted,
/// because wall-clock assertions flake on a shared 2-core machine.
/// </summary>
public sealed class OptimalTraceTimingTests(ITestOutputHelper output)
{
    private const int Day = 2880;
    private const int Windows = 10;

    [Fact]
    public void Plans_real_trace_days_for_nine_and_fifteen_zones()
    {
        var aws = SpotTraces.Load("aws-v100-2month", boolean: true);
        var gcp = SpotTraces.Load("gcp-a100-6zone", boolean: false);
        var random = new Random(7);

        // Warm-up solve so JIT time is not charged to the first measured window.
        OptimalPlanner.Solve(Input(SpotTraces.Window(aws, 0, Day)), TimeSpan.FromSeconds(30));

        var nine = new List<double>();
        var fifteen = new List<double>();
        for (var i = 0; i < Windows; i++)
        {
            var awsStart = random.Next(0, aws[0].Length - Day);
            var gcpStart = random.Next(0, gcp[0].Length - Day);
            var awsWindow = SpotTraces.Window(aws, awsStart, Day);
            nine.Add(Measure(Input(awsWindow)));
            fifteen.Add(Measure(Input([.. awsWindow, .. SpotTraces.Window(gcp, gcpStart, Day)])));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"N={Day}, 9 zones: mean {nine.Average():F1} ms, max {nine.Max():F1} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"N={Day}, 15 zones: mean {fifteen.Average():F1} ms, max {fifteen.Max():F1} ms"));
    }

    private static OptimalInput Input(int[][] capacity) =>
        new(capacity, Target: 3, Overprovision: 1, ColdStartTicks: 4, OnDemandCostRatio: 3);

    private static double Measure(OptimalInput input)
    {
        var clock = Stopwatch.StartNew();
        var plan = OptimalPlanner.Solve(input, TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        Assert.True(plan.Optimal);
        PlanChecker.AssertFeasible(input, plan);
        return elapsed;
    }
}
