using SkyHedge.Simulation.Runs;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Simulation.Tests.Traces;

public sealed class TraceLoaderTests
{
    private static string Json(string meaning, string data, double gap = 60) =>
        $$"""{"metadata":{"gap_seconds":{{gap}},"value_meaning":"{{meaning}}","cloud":"aws","region":"us-east-1","zone":"us-east-1a"},"data":[{{data}}]}""";

    [Fact]
    public void AvailabilityOneMeansUnlimitedAndZeroMeansNone()
    {
        using var tmp = SharedData.Temp();
        var z = TraceLoader.Load(tmp.File("a.json", Json("1 = a spot instance could be launched (available), 0 = not", "1,0,1")))[0];
        Assert.Equal([ZoneTrace.Unlimited, 0, ZoneTrace.Unlimited], z.Capacity);
        Assert.Equal("us-east-1a", z.Location.Zone);
    }

    [Fact]
    public void CountsAreCapacities()
    {
        using var tmp = SharedData.Temp();
        var z = TraceLoader.Load(tmp.File("c.json", Json("count (0..4) of nodes", "0,4,2,7")))[0];
        Assert.Equal([0, 4, 2, 7], z.Capacity);
    }

    [Fact]
    public void InvertedConventionIsInverted()
    {
        using var tmp = SharedData.Temp();
        var z = TraceLoader.Load(tmp.File("i.json", Json("1 = preempted, 0 = available", "1,0")))[0];
        Assert.Equal([0, ZoneTrace.Unlimited], z.Capacity);
    }

    [Fact]
    public void MissingValueMeaningIsAnErrorUnlessOverridden()
    {
        using var tmp = SharedData.Temp();
        var file = tmp.File("m.json", """{"metadata":{"gap_seconds":30},"data":[1,0]}""");
        var e = Assert.Throws<TraceFormatException>(() => TraceLoader.Load(file));
        Assert.Contains("m.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("--trace-values", e.Message, StringComparison.Ordinal);
        Assert.Equal([0, ZoneTrace.Unlimited], TraceLoader.Load(file, meaningOverride: TraceValueMeaning.InvertedAvailability)[0].Capacity);
    }

    [Theory]
    [InlineData("1 = available", "2", "data[0] is 2")]
    [InlineData("count", "-1", "data[0]")]
    [InlineData("count", "\"x\"", "data[0]")]
    public void BadValuesNameTheIndex(string meaning, string data, string expected)
    {
        using var tmp = SharedData.Temp();
        var e = Assert.Throws<TraceFormatException>(() => TraceLoader.Load(tmp.File("b.json", Json(meaning, data))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GapOverrideReplacesTheFilesGap()
    {
        var zones = TraceLoader.Load(SharedData.Aws2Month, gapOverride: 300);
        Assert.All(zones, z => Assert.Equal(300, z.GapSeconds));
        Assert.Equal(9, zones.Count);
    }

    [Fact]
    public void SharedTracesDecodeAsTheirReadmeSays()
    {
        var aws = TraceLoader.Load(SharedData.Aws2Month);
        Assert.All(aws, z => Assert.All(z.Capacity, c => Assert.True(c is 0 or ZoneTrace.Unlimited)));
        Assert.All(aws, z => Assert.Equal(195, z.GapSeconds));
        var east1a = aws.Single(z => z.Location.Zone == "us-east-1a");
        Assert.InRange(east1a.Capacity.Count(c => c > 0) / (double)east1a.Capacity.Length, 0.10, 0.12); // README: 0.111

        var gcp = TraceLoader.Load(SharedData.Gcp6Zone);
        Assert.Equal(6, gcp.Count);
        Assert.All(gcp, z => Assert.All(z.Capacity, c => Assert.InRange(c, 0, 4)));
        Assert.All(gcp.Single(z => z.Location.Zone == "us-east1-b").Capacity, c => Assert.Equal(0, c));
    }

    [Fact]
    public void FoldersOfDifferentLengthAndGapShareTheSpanEveryZoneCovers()
    {
        var set = TraceSet.Load([SharedData.Aws2Month, SharedData.Gcp6Zone], null);
        Assert.Equal(15, set.Zones.Count);
        Assert.Equal(8, set.Zones.Select(z => (z.Location.Cloud, z.Location.Region)).Distinct().Count());
        Assert.Equal(770 * 150, set.SpanSeconds, 6); // GCP: 770 ticks of 150 s is the shortest
        Assert.Equal(3850, set.SpanTicks(30));
    }

    [Fact]
    public void CapacityAtMapsSimulationTicksOntoTraceTicks()
    {
        var z = new ZoneTrace(new("aws", "r", "z"), "V100", 300, [1, 2, 3], "x");
        Assert.Equal(1, z.CapacityAt(0, 30));
        Assert.Equal(1, z.CapacityAt(9, 30));
        Assert.Equal(2, z.CapacityAt(10, 30));
        Assert.Equal(3, z.CapacityAt(29, 30));
    }

    [Fact]
    public void ProbeCsvGivesOneCountTracePerZone()
    {
        var zones = TraceLoader.Load(SharedData.Path("capacity", "gcp-h100-spot-probe-first24h.csv"));
        Assert.Equal(13, zones.Count);
        Assert.All(zones, z => Assert.Equal(143, z.Capacity.Length));
        Assert.All(zones, z => Assert.All(z.Capacity, c => Assert.InRange(c, 0, 16)));
        Assert.All(zones, z => Assert.InRange(z.GapSeconds, 590, 610));
    }

    [Fact]
    public void SpotServeEventsCountNodesUp()
    {
        var z = TraceLoader.Load(SharedData.Path("spot", "spotserve-events", "trace_0304_real.txt"))[0];
        Assert.InRange(z.Capacity.Max(), 7, 10); // README: 7 to 10 nodes are up at once
        Assert.Equal(10, z.GapSeconds);
    }

    [Fact]
    public void MissingPathIsAClearError()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceLoader.Load("no/such/trace"));
        Assert.Contains("no such trace", e.Message, StringComparison.Ordinal);
    }
}
