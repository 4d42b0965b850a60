using SkyHedge.Planning.Simulation;
using SkyHedge.Simulation.Tests;
using SkyHedge.Simulation.Traces;
using SkyHedge.Simulation.Workloads;

namespace SkyHedge.Planning.Tests;

/// <summary>The mixed-GPU simulation on the real data: the MAF minutes, the Azure conversation sizes, the GCP H100
/// launch probe and the GCP A100 spot trace (two hours here; the README's day-long run is the same code).</summary>
public sealed class MixSimulatorTests
{
    private static readonly string[] AllPolicies = ["single-gpu:L4", "single-gpu:A10G", "single-gpu:A100", "single-gpu:H100", "peak", "mix"];

    [Fact]
    public void The_mix_is_cheaper_than_every_single_type_that_meets_the_slo_and_than_peak_and_is_as_available()
    {
        var report = MixSimulator.Run(Settings(AllPolicies, hours: 2, rateScale: 10));

        var mix = report.Results.Single(r => r.Policy == "mix");
        Assert.True(mix.SloAttainment >= 0.99, $"mix SLO attainment {mix.SloAttainment}");
        foreach (var single in report.Results.Where(r => r.Policy.StartsWith("single-gpu:", StringComparison.Ordinal)))
        {
            Assert.True(mix.Availability >= single.Availability, $"{single.Policy} availability {single.Availability} > mix {mix.Availability}");
            if (single.SloAttainment >= 0.99)
            {
                Assert.True(mix.CostPerHour < single.CostPerHour, $"{single.Policy} ${single.CostPerHour}/h <= mix ${mix.CostPerHour}/h");
            }
        }

        var peak = report.Results.Single(r => r.Policy == "peak");
        Assert.True(mix.CostPerHour < 0.55m * peak.CostPerHour, $"mix ${mix.CostPerHour}/h vs peak ${peak.CostPerHour}/h");
        Assert.Equal(1.0, peak.Availability);
        Assert.True(report.Solves > 0);
    }

    [Fact]
    public void A_scarce_preferred_type_costs_its_single_type_policy_availability_while_the_mix_falls_back()
    {
        // In its first four hours the H100 probe in these two zones often launched fewer H100s than a busy minute needs.
        var report = MixSimulator.Run(Settings(["single-gpu:H100", "mix"], hours: 4, rateScale: 30));

        var h100 = report.Results.Single(r => r.Policy == "single-gpu:H100");
        var mix = report.Results.Single(r => r.Policy == "mix");
        Assert.True(h100.Availability < 1, $"H100 availability {h100.Availability}");
        Assert.True(h100.SloAttainment < mix.SloAttainment);
        Assert.Equal(1.0, mix.Availability);
        Assert.True(mix.GpuHours.Keys.Count(g => g != "H100") >= 2, "the mix fell back to other types: " + string.Join(",", mix.GpuHours.Keys));
    }

    [Fact]
    public void At_a_low_rate_the_mix_keeps_only_the_cheapest_gpu()
    {
        var settings = Settings(["mix", "single-gpu:H100"], hours: 1, rateScale: 1) with
        {
            MinuteMeans = [.. Enumerable.Repeat(3.0, 60)], // 0.05 requests/s
            CapacityTraces = [],
        };

        var report = MixSimulator.Run(settings);

        var mix = report.Results.Single(r => r.Policy == "mix");
        Assert.Equal(["L4"], mix.GpuHours.Keys);
        Assert.Equal(0.70m, mix.CostPerHour);
        Assert.True(report.Results.Single(r => r.Policy == "single-gpu:H100").CostPerHour > 10 * mix.CostPerHour);
    }

    [Fact]
    public void The_same_seed_replays_the_same_minutes()
    {
        var a = MixSimulator.Run(Settings(["single-gpu:A10G"], hours: 1, rateScale: 10));
        var b = MixSimulator.Run(Settings(["single-gpu:A10G"], hours: 1, rateScale: 10));
        var c = MixSimulator.Run(Settings(["single-gpu:A10G"], hours: 1, rateScale: 10) with { Seed = 1 });

        Assert.Equal(a.Requests, b.Requests);
        Assert.Equal(a.Results[0].Cost, b.Results[0].Cost);
        Assert.NotEqual(a.Requests, c.Requests);
    }

    [Theory]
    [InlineData("nonsense", "unknown policy 'nonsense'")]
    [InlineData("single-gpu:B200", "no GPU spec for 'B200'")]
    [InlineData("mix,mix", "a policy is listed twice")]
    public void Bad_policies_are_named(string policies, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => MixSimulator.Run(Settings(policies.Split(','), hours: 1, rateScale: 1)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hours_beyond_the_workload_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => MixSimulator.Run(Settings(["mix"], hours: 1, rateScale: 1) with { MinuteMeans = [1, 2, 3] }));
        Assert.Equal("the workload has 3 minutes; --hours 1 needs 60", error.Message);
    }

    private static MixSimulationSettings Settings(IReadOnlyList<string> policies, double hours, double rateScale) => new()
    {
        MinuteMeans = WorkloadParser.MafMinuteMeans(SharedData.Maf),
        RateScale = rateScale,
        RequestSizes = RequestSizes.Load(SharedData.Path("requests", "azure-llm-2023-conv-first30min.csv")),
        CapacityTraces =
        [
            GpuCapacityTrace.Parse($"H100={SharedData.Path("capacity", "gcp-h100-spot-probe-first24h.csv")}:us-east5-a,us-west1-b"),
            GpuCapacityTrace.Parse($"A100={SharedData.Gcp6Zone}"),
        ],
        Hours = hours,
        Seed = 0,
        Policies = policies,
    };
}
