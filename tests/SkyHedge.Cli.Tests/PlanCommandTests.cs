using System.Text.Json;
using SkyHedge.Cli.Tests.Admin;

namespace SkyHedge.Cli.Tests;

/// <summary>The <c>plan</c> verb, in process, on a small request file of its own.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Help_lists_every_option()
    {
        var run = Admin.Cli.Run("plan", "--help");

        Assert.True(run.Code == 0, run.ToString());
        foreach (var option in new[] { "--requests", "--rate", "--tpot-slo-ms", "--ttft-slo-ms", "--gpus", "--profiles", "--slice-factor", "--min-replicas", "--cap", "--market", "--cloud", "--routing", "--json" })
        {
            Assert.Contains(option, run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Json_holds_the_mix_its_cost_the_assignment_and_every_single_type_baseline()
    {
        var run = Admin.Cli.Run("plan", "--requests", Requests(), "--rate", "6", "--tpot-slo-ms", "120", "--json");

        Assert.True(run.Code == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        var mix = root.GetProperty("mix").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.NotEmpty(mix);
        var cost = root.GetProperty("cost_per_hour").GetDecimal();
        Assert.True(root.GetProperty("solve_seconds").GetDouble() < 2);
        var assigned = root.GetProperty("assignment").EnumerateArray().ToList();
        Assert.Equal(6.0, assigned.Sum(a => a.GetProperty("rate").GetDouble()), 3);
        Assert.All(assigned, a => Assert.Contains(a.GetProperty("gpu").GetString()!, mix.Keys));
        Assert.Equal(2, assigned[0].GetProperty("input").GetArrayLength());
        var baselines = root.GetProperty("baselines").EnumerateArray().ToList();
        Assert.Equal(["T4", "L4", "A10G", "V100", "A100", "A100-80GB", "H100"], baselines.Select(b => b.GetProperty("gpu").GetString()));
        Assert.All(baselines.Where(b => b.GetProperty("feasible").GetBoolean()), b => Assert.True(cost <= b.GetProperty("cost_per_hour").GetDecimal()));
    }

    [Fact]
    public void A_cap_keeps_a_type_within_it_and_spot_prices_come_from_the_price_catalog()
    {
        var capped = Admin.Cli.Run("plan", "--requests", Requests(), "--rate", "6", "--tpot-slo-ms", "120", "--cap", "A100-80GB=0", "--cap", "A100=0", "--json");
        Assert.True(capped.Code == 0, capped.ToString());
        using (var json = JsonDocument.Parse(capped.Out))
        {
            var mix = json.RootElement.GetProperty("mix").EnumerateObject().Select(p => p.Name).ToList();
            Assert.DoesNotContain("A100-80GB", mix);
            Assert.DoesNotContain("A100", mix);
        }

        var spot = Admin.Cli.Run("plan", "--requests", Requests(), "--rate", "6", "--tpot-slo-ms", "120", "--market", "spot", "--cloud", "aws", "--json");
        Assert.True(spot.Code == 0, spot.ToString());
        using var spotJson = JsonDocument.Parse(spot.Out);
        var onDemand = Admin.Cli.Run("plan", "--requests", Requests(), "--rate", "6", "--tpot-slo-ms", "120", "--json");
        using var onDemandJson = JsonDocument.Parse(onDemand.Out);
        Assert.True(spotJson.RootElement.GetProperty("cost_per_hour").GetDecimal() < onDemandJson.RootElement.GetProperty("cost_per_hour").GetDecimal());
    }

    [Theory]
    [InlineData("--cap", "B200=1", "--cap: expected GPU=N")]
    [InlineData("--cap", "L4=-1", "--cap: expected GPU=N")]
    [InlineData("--market", "reserved", "--market: expected on-demand or spot")]
    public void Bad_caps_and_markets_are_one_line_and_exit_2(string option, string value, string expected)
    {
        var run = Admin.Cli.Run("plan", "--requests", Requests(), "--rate", "6", "--tpot-slo-ms", "120", option, value);

        Assert.Equal(2, run.Code);
        Assert.Contains(expected, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_names_the_mix_and_compares_it()
    {
        var run = Admin.Cli.Run("plan", "--requests", Requests(), "--rate", "6", "--tpot-slo-ms", "120");

        Assert.True(run.Code == 0, run.ToString());
        Assert.StartsWith("Mix for 6 requests/s at TPOT ≤ 120 ms: ", run.Out, StringComparison.Ordinal);
        Assert.Contains("Single GPU type, for comparison:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_routing_file_is_a_table_the_router_accepts_covering_every_bucket_with_a_planned_gpu()
    {
        var file = _temp.Combine("routing.json");

        var run = Admin.Cli.Run("plan", "--requests", Requests(), "--rate", "6", "--tpot-slo-ms", "120", "--routing", file);

        Assert.True(run.Code == 0, run.ToString());
        var table = Core.Routing.RoutingTable.Parse(File.ReadAllText(file));
        Assert.NotEmpty(table.Rules);
        var mix = run.Out.Split(':')[1].Split('=')[0].Split('+').Select(p => p.Trim().Split(' ')[1]).ToHashSet(); // "1 L4 + 1 A10G = $…"
        Assert.Subset(mix, table.Pools.ToHashSet());
        Assert.NotNull(table.Lookup(200, 100));
        Assert.NotNull(table.Lookup(1500, 400));
    }

    [Theory]
    [InlineData("missing-file")]
    [InlineData("bad-rate")]
    [InlineData("bad-header")]
    [InlineData("impossible-slo")]
    public void Bad_input_is_one_line_and_exit_code_2(string what)
    {
        string[] args = what switch
        {
            "missing-file" => ["plan", "--requests", _temp.Combine("none.csv"), "--rate", "1", "--tpot-slo-ms", "120"],
            "bad-rate" => ["plan", "--requests", Requests(), "--rate", "0", "--tpot-slo-ms", "120"],
            "bad-header" => ["plan", "--requests", _temp.Write("h.csv", "a,b\n1,2\n"), "--rate", "1", "--tpot-slo-ms", "120"],
            _ => ["plan", "--requests", Requests(), "--rate", "1", "--tpot-slo-ms", "1"],
        };

        var run = Admin.Cli.Run(args);

        Assert.True(run.Code == 2, run.ToString());
        Assert.Single(run.ErrLines);
        Assert.StartsWith("skyhedge: ", run.ErrLines[0], StringComparison.Ordinal);
    }

    private string Requests() => _temp.Write(
        "requests.csv",
        "TIMESTAMP,ContextTokens,GeneratedTokens\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"t,{(i % 4 == 0 ? 1500 : 200 + i)},{(i % 4 == 0 ? 400 : 100)}\n")));
}
