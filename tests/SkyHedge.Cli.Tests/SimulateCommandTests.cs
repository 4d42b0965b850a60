using System.Text.Json;
using SkyHedge.Cli;

namespace SkyHedge.Cli.Tests;

/// <summary>The <c>simulate</c> verb, run in process on the embedded default trace (no ../shared needed).</summary>
public sealed class SimulateCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static readonly string[] Quick = ["simulate", "--hours", "6", "--repeats", "2", "--policy", "ondemand,spothedge,skyhedge,optimal"];

    [Fact]
    public void HelpListsEveryOption()
    {
        var (code, output, _) = Run("simulate", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--spot-trace", "--trace-gap-seconds", "--workload", "--policy", "--hours", "--repeats", "--seed", "--offsets", "--tick-seconds", "--cold-start-seconds", "--target", "--overprovision", "--ondemand-cost-ratio", "--notice-seconds", "--cost-unit", "--json", "--plot", "--mix", "--rate-scale", "--requests", "--capacity-trace", "--tpot-slo-ms", "--ttft-slo-ms", "--gpus", "--slice-factor", "--min-replicas" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DefaultTraceShipsWithTheBinary()
    {
        var (code, output, error) = Run(Quick);
        Assert.Equal(0, code);
        Assert.Contains("9 zones from aws-v100-excerpt", error, StringComparison.Ordinal);
        Assert.Contains("spothedge", output, StringComparison.Ordinal);
        Assert.Contains("availability", output, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonWithoutAValueIsTheOnlyThingOnStdout()
    {
        var (code, output, error) = Run([.. Quick, "--json"]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(4, results.GetArrayLength());
        var first = results[0];
        foreach (var key in new[] { "policy", "trace", "workload", "repeats", "availability", "availability_min", "availability_max", "cost", "cost_min", "cost_max", "cost_vs_ondemand", "latency_s", "failure_rate", "per_repeat" })
        {
            Assert.True(first.TryGetProperty(key, out _), $"missing {key}");
        }

        foreach (var key in new[] { "p50", "p90", "p99", "p999" })
        {
            Assert.Equal(JsonValueKind.Number, first.GetProperty("latency_s").GetProperty(key).ValueKind);
        }

        Assert.Equal("ondemand", first.GetProperty("policy").GetString());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("availability").ValueKind);
        Assert.Contains("policy", error, StringComparison.Ordinal); // the table went to stderr
    }

    [Fact]
    public void SameSeedGivesByteIdenticalJson()
    {
        using var dir = new TempDir();
        var a = Path.Combine(dir.Path, "a.json");
        var b = Path.Combine(dir.Path, "b.json");
        Assert.Equal(0, Run([.. Quick, "--seed", "7", "--json", a]).Code);
        Assert.Equal(0, Run([.. Quick, "--seed", "7", "--json", b]).Code);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(0, Run([.. Quick, "--seed", "8", "--json", b]).Code);
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void CostInDollarsUsesCatalogPricesAndOptimalStaysTheLowerBound()
    {
        var (code, output, _) = Run([.. Quick, "--cost-unit", "usd", "--json"]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("usd", doc.RootElement.GetProperty("settings").GetProperty("cost_unit").GetString());
        var cost = doc.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("policy").GetString()!, r => r.GetProperty("cost").GetDouble());

        // 3 on-demand p3.2xlarge for 6 h less the cold start, at the catalog's $3.06/h.
        Assert.Equal(3 * 3.06 * (720 - 4) * 30 / 3600, cost["ondemand"], 6);
        Assert.True(cost["optimal"] <= cost["spothedge"] && cost["optimal"] <= cost["skyhedge"]);
        Assert.True(cost["spothedge"] < cost["ondemand"]);
    }

    [Fact]
    public void PlotWritesAPng()
    {
        using var dir = new TempDir();
        var png = Path.Combine(dir.Path, "plot.png");
        var (code, _, _) = Run([.. Quick, "--plot", png]);
        Assert.Equal(0, code);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
    }

    [Theory]
    [InlineData("--policy", "bogus", "unknown policy")]
    [InlineData("--offsets", "1,x", "--offsets")]
    [InlineData("--workload", "poisson:-3", "RATE must be a positive")]
    [InlineData("--target", "0", "--target")]
    [InlineData("--spot-trace", "no/such/folder", "no such trace")]
    [InlineData("--hours", "1000", "shorter than")]
    [InlineData("--cost-unit", "eur", "expected spot or usd")]
    public void BadInputIsAClearErrorAndNothingIsWritten(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "out.json");
        var (code, _, error) = Run("simulate", "--repeats", "1", option, value, "--json", json);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("skyhedge-cli-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
