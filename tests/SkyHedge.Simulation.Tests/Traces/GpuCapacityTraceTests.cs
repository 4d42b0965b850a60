using System.Globalization;
using System.Text.Json;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Simulation.Tests.Traces;

/// <summary><c>--capacity-trace GPU=PATH[:zones]</c> on the real files, checked against their raw rows.</summary>
public sealed class GpuCapacityTraceTests
{
    [Fact]
    public void The_H100_probe_cap_is_the_instances_created_summed_over_the_listed_zones()
    {
        var file = SharedData.Path("capacity", "gcp-h100-spot-probe-first24h.csv");

        var trace = GpuCapacityTrace.Parse($"H100={file}:us-east5-a,us-west1-b");

        Assert.Equal("H100", trace.Gpu);
        Assert.Equal(["us-east5-a", "us-west1-b"], trace.Zones);
        var rows = File.ReadAllLines(file).Skip(1).Select(l => l.Split(',')).Where(f => f[1] is "us-east5-a" or "us-west1-b").ToList();
        var rounds = rows.GroupBy(f => f[0]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Sum(f => int.Parse(f[4], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(rounds[0], trace.CapAt(TimeSpan.Zero));
        Assert.Equal(rounds[10], trace.CapAt(TimeSpan.FromMinutes(10 * 10) + TimeSpan.FromSeconds(1)));
        Assert.Equal(rounds[^1], trace.CapAt(TimeSpan.FromDays(3))); // past the end: the last round
        Assert.Contains(rounds, r => r != rounds[0]); // the cap does move
    }

    [Fact]
    public void A_count_trace_without_zones_sums_every_zone()
    {
        var folder = SharedData.Gcp6Zone;

        var trace = GpuCapacityTrace.Parse($"A100={folder}");

        Assert.Equal(6, trace.Zones.Count);
        var raw = Directory.GetFiles(folder, "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList();
        foreach (var tick in new[] { 0, 100, 500 })
        {
            Assert.Equal(raw.Sum(z => z[tick]), trace.CapAt(TimeSpan.FromSeconds((150 * tick) + 1)));
        }
    }

    [Theory]
    [InlineData("H100", "expected GPU=PATH")]
    [InlineData("=x", "expected GPU=PATH")]
    [InlineData("H100=PROBE:nowhere-1a", "has no zone 'nowhere-1a'")]
    public void Bad_specs_are_clear_errors(string spec, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => GpuCapacityTrace.Parse(spec.Replace("PROBE", SharedData.Path("capacity", "gcp-h100-spot-probe-first24h.csv"), StringComparison.Ordinal)));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
