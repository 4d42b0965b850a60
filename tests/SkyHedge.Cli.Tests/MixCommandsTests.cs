using System.Diagnostics;
using System.Text.Json;
using SkyHedge.Simulation.Tests;

namespace SkyHedge.Cli.Tests;

/// <summary><c>plan</c> and <c>simulate --mix</c> on the real request, workload and capacity data in ../shared, as
/// the issue's acceptance commands run them.</summary>
public sealed class MixCommandsTests
{
    private static string Conv => SharedData.Path("requests", "azure-llm-2023-conv-first30min.csv");

    [Fact]
    public void Planning_8_requests_per_second_of_conversations_beats_every_single_type_in_under_2_seconds()
    {
        var clock = Stopwatch.StartNew();
        var run = Admin.Cli.Run("plan", "--requests", Conv, "--rate", "8", "--tpot-slo-ms", "120", "--json");
        clock.Stop();

        Assert.True(run.Code == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var cost = json.RootElement.GetProperty("cost_per_hour").GetDecimal();
        var feasible = json.RootElement.GetProperty("baselines").EnumerateArray().Where(b => b.GetProperty("feasible").GetBoolean()).ToList();
        Assert.NotEmpty(feasible);
        Assert.All(feasible, b => Assert.True(cost < b.GetProperty("cost_per_hour").GetDecimal(), $"{b.GetProperty("gpu")} costs {b.GetProperty("cost_per_hour")} <= mix {cost}"));
        Assert.True(json.RootElement.GetProperty("solve_seconds").GetDouble() < 2);
    }

    [Fact]
    public void Simulate_mix_reports_every_policy_in_the_documented_json_shape()
    {
        var file = Path.Combine(Path.GetTempPath(), $"skyhedge-mix-{Guid.NewGuid():N}.json");
        try
        {
            var run = Admin.Cli.Run(
                "simulate", "--mix", "--workload", $"maf-minutes:{SharedData.Maf}", "--rate-scale", "10", "--requests", Conv,
                "--capacity-trace", $"H100={SharedData.Path("capacity", "gcp-h100-spot-probe-first24h.csv")}:us-east5-a,us-west1-b",
                "--capacity-trace", $"A100={SharedData.Gcp6Zone}", "--tpot-slo-ms", "120", "--hours", "1", "--seed", "0", "--json", file);

            Assert.True(run.Code == 0, run.ToString());
            Assert.Contains("mix vs peak:", run.Out, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var settings = json.RootElement.GetProperty("settings");
            Assert.Equal(10, settings.GetProperty("rate_scale").GetDouble());
            Assert.Equal(120, settings.GetProperty("tpot_slo_ms").GetDouble());
            var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(["single-gpu:L4", "single-gpu:A10G", "single-gpu:A100", "single-gpu:H100", "peak", "mix"], results.Select(r => r.GetProperty("policy").GetString()));
            foreach (var r in results)
            {
                var hours = r.GetProperty("gpu_hours").EnumerateObject().ToList();
                Assert.NotEmpty(hours);
                Assert.InRange(r.GetProperty("slo_attainment").GetDouble(), 0, 1);
                Assert.InRange(r.GetProperty("availability").GetDouble(), 0, 1);
                Assert.Equal(r.GetProperty("cost").GetDecimal(), r.GetProperty("cost_per_hour").GetDecimal(), 2);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Simulate_mix_draws_a_png()
    {
        var png = Path.Combine(Path.GetTempPath(), $"skyhedge-mix-{Guid.NewGuid():N}.png");
        try
        {
            var run = Admin.Cli.Run("simulate", "--mix", "--workload", "poisson:1", "--hours", "1", "--requests", Conv, "--policy", "single-gpu:A10G,mix", "--plot", png);

            Assert.True(run.Code == 0, run.ToString());
            var bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 1000);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData("--policy", "single-gpu:B200", "no GPU spec for 'B200'")]
    [InlineData("--capacity-trace", "H100", "expected GPU=PATH")]
    [InlineData("--workload", "maf:x.csv", "expected maf-minutes:FILE or poisson:RATE")]
    [InlineData("--rate-scale", "-1", "--rate-scale must be a positive number")]
    [InlineData("--spot-trace", "x", "--spot-trace is for spot placement")]
    public void Bad_mix_input_is_one_clear_line_and_exit_2(string option, string value, string expected)
    {
        string[] workload = option == "--workload" ? [] : ["--workload", "poisson:1"];
        var run = Admin.Cli.Run(["simulate", "--mix", .. workload, "--hours", "1", "--requests", Conv, option, value]);

        Assert.Equal(2, run.Code);
        Assert.Contains(expected, run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Mix_without_request_sizes_says_so()
    {
        var run = Admin.Cli.Run("simulate", "--mix", "--workload", "poisson:1", "--hours", "1");

        Assert.Equal(2, run.Code);
        Assert.Contains("--mix needs --requests FILE", run.Err, StringComparison.Ordinal);
    }
}
