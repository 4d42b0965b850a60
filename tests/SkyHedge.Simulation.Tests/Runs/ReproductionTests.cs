using SkyHedge.Simulation.Runs;

namespace SkyHedge.Simulation.Tests.Runs;

/// <summary>
/// The SkyServe paper's evaluation reproduced on the authors' public data: the 2-month AWS trace read at 300 s per
/// tick, the MAF workload, five 24 h windows at the artifact's recorded offsets. Reference figures come from the
/// authors' own simulator (issue 2).
/// </summary>
public sealed class ReproductionTests
{
    private static readonly Lazy<SimulationReport> Report = new(() =>
    {
        var s = new SimulationSettings
        {
            SpotTraces = [SharedData.Aws2Month],
            TraceGapSeconds = 300,
            Offsets = [43567, 95939, 97639, 41993, 86293],
            Workloads = ["maf:" + SharedData.Maf],
            Policies = ["ondemand", "even-spread", "round-robin", "spothedge", "optimal"],
        };
        return new SimulationRunner(s, TraceSet.Load(s.SpotTraces, s.TraceGapSeconds)).Run();
    });

    private static PolicyResult Result(string policy) => Report.Value.Results.Single(r => r.Policy == policy);

    [Fact]
    public void OnDemandMatchesExactly()
    {
        var r = Result("ondemand");
        Assert.Equal(1.0, r.Availability);
        Assert.Equal(25884, r.Cost);
        Assert.Equal(1.0, r.CostVsOndemand, 12);
    }

    [Theory]
    [InlineData("round-robin", 0.978, 8500)]
    [InlineData("spothedge", 0.998, 11862)]
    public void SpotPoliciesAreWithinToleranceOfTheArtifact(string policy, double availability, double cost)
    {
        var r = Result(policy);
        Assert.InRange(r.Availability, availability - 0.015, availability + 0.015);
        Assert.InRange(r.Cost, cost * 0.95, cost * 1.05);
    }

    [Theory]
    [InlineData("ondemand", 17.4, 49.0, 87.8)]
    [InlineData("round-robin", 17.6, 49.9, 92.7)]
    [InlineData("spothedge", 17.1, 45.8, 88.5)]
    public void LatencyPercentilesAreWithinTwentyPercent(string policy, double p50, double p90, double p99)
    {
        var l = Result(policy).LatencyS;
        Assert.InRange(l.P50, p50 * 0.8, p50 * 1.2);
        Assert.InRange(l.P90, p90 * 0.8, p90 * 1.2);
        Assert.InRange(l.P99, p99 * 0.8, p99 * 1.2);
    }

    [Fact]
    public void OptimalCountedFromTickZeroIsAtMostTheArtifacts()
    {
        var r = Result("optimal");
        Assert.Equal(1.0, r.Availability);
        Assert.Equal([8640.0, 8640, 8640, 9894, 8640], r.PerRepeat.Select(p => p.CostFromTick0));
        Assert.True(r.PerRepeat.Average(p => p.CostFromTick0) <= 8891);
    }

    [Fact]
    public void OptimalIsALowerBoundOnEveryPolicyAtFullAvailability()
    {
        var optimal = Result("optimal");
        foreach (var r in Report.Value.Results.Where(r => r.Availability >= 1.0))
        {
            Assert.True(optimal.Cost <= r.Cost, $"{r.Policy} costs {r.Cost} at full availability, below optimal {optimal.Cost}");
        }
    }
}
