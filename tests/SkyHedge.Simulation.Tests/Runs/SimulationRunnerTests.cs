using SkyHedge.Simulation.Runs;

namespace SkyHedge.Simulation.Tests.Runs;

public sealed class SimulationRunnerTests
{
    private static SimulationSettings Settings(params string[] policies) => new()
    {
        SpotTraces = [SharedData.Aws2Month],
        Policies = policies,
        Repeats = 3,
        Hours = 6,
        Workloads = ["poisson:0.15"],
    };

    private static SimulationReport Run(SimulationSettings s) =>
        new SimulationRunner(s, TraceSet.Load(s.SpotTraces, s.TraceGapSeconds)).Run();

    [Fact]
    public void APolicysResultDoesNotDependOnWhichOthersAreListed()
    {
        var alone = Run(Settings("spothedge")).Results.Single();
        var together = Run(Settings("ondemand", "skyhedge", "spothedge", "round-robin")).Results.Single(r => r.Policy == "spothedge");
        Assert.Equal(alone.Availability, together.Availability);
        Assert.Equal(alone.Cost, together.Cost);
        Assert.Equal(alone.LatencyS, together.LatencyS);
    }

    [Fact]
    public void WindowsComeFromSeedAndRepeatAlone()
    {
        var s = Settings("ondemand");
        var set = TraceSet.Load(s.SpotTraces, null);
        var a = new SimulationRunner(s, set).Windows();
        var b = new SimulationRunner(s with { Repeats = 5 }, set).Windows();
        var c = new SimulationRunner(s with { Seed = 1 }, set).Windows();
        Assert.Equal(a.Select(w => w.Offset), b.Take(3).Select(w => w.Offset));
        Assert.Equal(a[0].Zones.Select(z => z.Location), b[0].Zones.Select(z => z.Location));
        Assert.NotEqual(a.Select(w => w.Offset), c.Select(w => w.Offset));
        Assert.All(a, w => Assert.InRange(w.Offset, 0, set.SpanTicks(30) - w.Ticks));
    }

    [Fact]
    public void ExplicitOffsetsOverrideRepeats()
    {
        var s = Settings("ondemand") with { Offsets = [0, 100] };
        var r = Run(s).Results.Single();
        Assert.Equal(2, r.Repeats);
        Assert.Equal([0L, 100L], r.PerRepeat.Select(p => p.Offset));
    }

    [Fact]
    public void OffsetsPastTheTraceAreRejected()
    {
        var s = Settings("ondemand") with { Offsets = [10_000_000] };
        var e = Assert.Throws<ArgumentException>(() => Run(s));
        Assert.Contains("last valid offset", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BaselinesRunExactlyTheTarget()
    {
        var s = Settings("ondemand", "even-spread", "round-robin") with { Overprovision = 2 };
        var results = Run(s).Results;
        var od = results.Single(r => r.Policy == "ondemand");
        Assert.Equal(1.0, od.Availability);
        Assert.Equal(1.0, od.CostVsOndemand, 9);
        Assert.All(results.Where(r => r.Policy != "ondemand").SelectMany(r => r.PerRepeat), p => Assert.Equal(0, p.OnDemandReplicaTicks));
        Assert.All(results.Where(r => r.Policy != "ondemand").SelectMany(r => r.PerRepeat), p => Assert.True(p.SpotReplicaTicks <= 3 * (s.WindowTicks - s.ColdStartTicks)));
    }

    [Theory]
    [InlineData("nope", "unknown policy")]
    public void UnknownPolicyIsRejectedWithTheKnownNames(string policy, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Run(Settings(policy)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("spothedge-cheapest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowLongerThanTheTracesIsRejected()
    {
        var s = Settings("ondemand") with { SpotTraces = [SharedData.Gcp6Zone], Hours = 48 };
        var e = Assert.Throws<ArgumentException>(() => Run(s));
        Assert.Contains("shorter than", e.Message, StringComparison.Ordinal);
    }
}
