using SkyHedge.Simulation.Workloads;

namespace SkyHedge.Simulation.Tests.Workloads;

public sealed class WorkloadParserTests
{
    [Fact]
    public void MafArtifactReadingMatchesThePaperArtifact()
    {
        // Requests 1,200,000 -> n = 90 (capped) -> rps 1.5 -> 2 arrivals 0.667 s apart;
        // 30,000 -> n = 3 -> rps 0.05 -> 1 arrival after 20 s; 0 -> nothing.
        var gaps = WorkloadParser.MafArtifact([1_200_000, 30_000, 0]);
        Assert.Equal(3, gaps.Length);
        Assert.Equal(1 / 1.5, gaps[0], 9);
        Assert.Equal(1 / 1.5, gaps[1], 9);
        Assert.Equal(20, gaps[2], 9);
    }

    [Fact]
    public void SharedMafGivesAboutSixHundredArrivalsPerClientPerDay()
    {
        var w = WorkloadParser.Parse("maf:" + SharedData.Maf, 0);
        var arrivals = w.ArrivalsUntil(2876 * 30);
        Assert.InRange(arrivals.Length, 550, 650);
        Assert.Equal(3, w.Clients);
        Assert.True(arrivals.Zip(arrivals.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void MafMinutesKeepsEachRowInItsMinute()
    {
        var times = WorkloadParser.MafMinutes("m", [600_000, 0, 600_000], seed: 1).ArrivalsUntil(180);
        Assert.DoesNotContain(times, x => x is >= 60 and < 120);
        Assert.InRange(times.Length, 60, 180); // 2 minutes of 60 expected arrivals each
    }

    [Fact]
    public void PoissonSplitsTheRateOverTheClients()
    {
        var w = WorkloadParser.Parse("poisson:0.15", 0);
        var n = w.ArrivalsUntil(86_400).Length;
        Assert.InRange(n, 0.05 * 86_400 * 0.9, 0.05 * 86_400 * 1.1);
        Assert.Equal(w.ArrivalsUntil(86_400), WorkloadParser.Parse("poisson:0.15", 0).ArrivalsUntil(86_400));
    }

    [Fact]
    public void AzureLlmUsesRealTimestamps()
    {
        var w = WorkloadParser.Parse("azure-llm:" + SharedData.Path("requests", "azure-llm-2023-code-first30min.csv"), 0);
        Assert.Equal(5740, w.Length);
        var first30 = w.ArrivalsUntil(1788); // the file spans 1788.4 s
        Assert.InRange(first30.Length, 5600, 5740);
    }

    [Theory]
    [InlineData("poisson", "expected poisson:RATE")]
    [InlineData("poisson:-1", "positive")]
    [InlineData("poisson:abc", "positive")]
    [InlineData("uniform:3", "unknown kind")]
    public void BadSpecsSayWhatIsExpected(string spec, string expected)
    {
        var e = Assert.Throws<FormatException>(() => WorkloadParser.Parse(spec, 0));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRowsNameFileAndLine()
    {
        using var tmp = SharedData.Temp();
        var file = tmp.File("maf.csv", "Time (min),Requests\n0,5\n1,oops\n");
        var e = Assert.Throws<FormatException>(() => WorkloadParser.Parse("maf:" + file, 0));
        Assert.Contains("maf.csv:3", e.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => WorkloadParser.Parse("maf:missing.csv", 0));
    }
}
