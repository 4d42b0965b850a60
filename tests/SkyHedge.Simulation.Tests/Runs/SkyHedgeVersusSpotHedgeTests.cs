using SkyHedge.Simulation.Runs;

namespace SkyHedge.Simulation.Tests.Runs;

/// <summary>
/// Acceptance: <c>skyhedge</c> costs no more than <c>spothedge</c> at availability no lower than spothedge's
/// minus 0.0005, on every public trace set, Poisson and MAF; and <c>optimal</c> costs no more than either.
/// 10 repeats at seed 0, 24 h windows, as the README's table.
/// </summary>
public sealed class SkyHedgeVersusSpotHedgeTests
{
    public static TheoryData<string, double?> TraceSets => new()
    {
        { "aws-v100-2month", 300 },
        { "aws-v100-2month", null },
        { "gcp-a100-6zone", null },
        { "aws-v100-2month+gcp-a100-6zone", null },
    };

    [Theory]
    [MemberData(nameof(TraceSets))]
    public void SkyHedgeBeatsSpotHedge(string traces, double? gap)
    {
        var s = new SimulationSettings
        {
            SpotTraces = traces.Split('+').Select(t => SharedData.Path("spot", t)).ToList(),
            TraceGapSeconds = gap,
            Workloads = ["poisson:0.15", "maf:" + SharedData.Maf],
            Policies = ["spothedge", "skyhedge", "optimal"],
        };
        var report = new SimulationRunner(s, TraceSet.Load(s.SpotTraces, gap)).Run();
        foreach (var workload in s.Workloads)
        {
            var spot = report.Results.Single(r => r.Policy == "spothedge" && r.Workload == workload);
            var sky = report.Results.Single(r => r.Policy == "skyhedge" && r.Workload == workload);
            var optimal = report.Results.Single(r => r.Policy == "optimal" && r.Workload == workload);
            Assert.True(sky.Cost <= spot.Cost, $"{traces}/{workload}: skyhedge costs {sky.Cost}, spothedge {spot.Cost}");
            Assert.True(sky.Availability >= spot.Availability - 0.0005, $"{traces}/{workload}: skyhedge availability {sky.Availability}, spothedge {spot.Availability}");
            Assert.True(optimal.Cost <= sky.Cost && optimal.Availability >= sky.Availability);
        }
    }

    [Fact]
    public void InterruptionNoticesLetSkyHedgeReplaceBeforeThePreemption()
    {
        SimulationReport Run(double notice)
        {
            var s = new SimulationSettings
            {
                SpotTraces = [SharedData.Aws2Month],
                Policies = ["spothedge", "skyhedge"],
                NoticeSeconds = notice,
            };
            return new SimulationRunner(s, TraceSet.Load(s.SpotTraces, null)).Run();
        }

        var without = Run(0).Results;
        var with = Run(120).Results;
        var spotHedge = with.Single(r => r.Policy == "spothedge");
        Assert.Equal(without.Single(r => r.Policy == "spothedge").Availability, spotHedge.Availability); // ignores notices
        var sky = with.Single(r => r.Policy == "skyhedge");
        Assert.True(sky.Availability > without.Single(r => r.Policy == "skyhedge").Availability + 0.001);
        Assert.True(sky.Availability > spotHedge.Availability && sky.Cost < spotHedge.Cost);
    }
}
