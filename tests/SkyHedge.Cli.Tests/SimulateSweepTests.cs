using System.Text.Json;
using SkyHedge.Simulation.Tests;

namespace SkyHedge.Cli.Tests;

/// <summary><c>simulate --sweep</c> over the public trace sets in ../shared/data/spot.</summary>
public sealed class SimulateSweepTests
{
    [Fact]
    public void Sweep_prints_every_set_the_verdict_and_the_sensitivity_and_writes_json_and_a_plot()
    {
        var dir = Directory.CreateTempSubdirectory("skyhedge-sweep-").FullName;
        try
        {
            var json = Path.Combine(dir, "sweep.json");
            var png = Path.Combine(dir, "sweep.png");
            var (code, output, error) = Admin.Cli.Run("simulate", "--sweep", SharedData.Path("spot"), "--policy", "spothedge,skyhedge", "--json", json, "--plot", png);

            Assert.Equal(0, code);
            foreach (var set in new[] { "aws-2month@300s", "aws-2month@195s", "gcp-6zone", "aws-4node", "aws+gcp-15zone" })
            {
                Assert.Contains($"  {set}", output, StringComparison.Ordinal); // the verdict line
            }

            Assert.DoesNotContain("FAILS", output, StringComparison.Ordinal);
            Assert.Contains("cold_start_s    480", output, StringComparison.Ordinal);
            Assert.Contains("overprovision     3", output, StringComparison.Ordinal);
            Assert.Contains("notice_s        120", output, StringComparison.Ordinal);
            Assert.Contains("34 windows", error, StringComparison.Ordinal); // progress per set

            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var sets = doc.RootElement.GetProperty("sets");
            Assert.Equal(5, sets.GetArrayLength());
            Assert.Equal(34, sets[0].GetProperty("windows").GetInt32());
            Assert.True(sets[0].GetProperty("skyhedge_holds").GetBoolean());
            Assert.Equal(22, doc.RootElement.GetProperty("sensitivity").GetArrayLength());
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(png)[..4]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("no/such/folder", "", "not found")]
    [InlineData("<spot>", "--spot-trace", "drop --spot-trace")]
    [InlineData("<spot>", "--offsets", "drop --offsets")]
    [InlineData("<empty>", "", "holds none of")]
    public void Bad_sweep_input_is_a_clear_error(string folder, string clash, string expected)
    {
        var empty = Directory.CreateTempSubdirectory("skyhedge-sweep-empty-").FullName;
        try
        {
            var dir = folder switch { "<spot>" => SharedData.Path("spot"), "<empty>" => empty, _ => folder };
            string[] args = clash switch
            {
                "--spot-trace" => ["simulate", "--sweep", dir, "--spot-trace", SharedData.Gcp6Zone],
                "--offsets" => ["simulate", "--sweep", dir, "--offsets", "0"],
                _ => ["simulate", "--sweep", dir],
            };
            var (code, output, error) = Admin.Cli.Run(args);
            Assert.Equal(2, code);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, output);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
