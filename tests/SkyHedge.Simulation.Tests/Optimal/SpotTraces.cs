using System.Text.Json;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>
/// Reads the shared spot availability traces (<c>../shared/data/spot</c> beside the repository) as simulation
/// capacities at 30 s ticks. Missing data is a failure, not a skip: CI always has the folder.
/// </summary>
internal static class SpotTraces
{
    public const int TickSeconds = 30;

    /// <summary>A boolean trace's "available": as many replicas as wanted.</summary>
    public const int Unlimited = int.MaxValue;

    public static string DataFolder(string dataSet)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, $"no Serverless.sln above {AppContext.BaseDirectory}: cannot locate the repository");
        var folder = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "data", "spot", dataSet));
        Assert.True(Directory.Exists(folder), $"spot trace folder {folder} is missing: the optimal-policy trace tests need ../shared/data beside the repository");
        return folder;
    }

    /// <summary>
    /// Every zone of a data set, sorted by file name, as capacities per simulation tick. Tick k reads the trace
    /// value in force at k × 30 s, i.e. index ⌊30k / gap⌋; <paramref name="gapSeconds"/> overrides the file's gap
    /// (the artifact read the AWS trace at 300 s). Boolean traces (values 0/1) map 1 to <see cref="Unlimited"/>.
    /// </summary>
    public static int[][] Load(string dataSet, bool boolean, int? gapSeconds = null)
    {
        var files = Directory.GetFiles(DataFolder(dataSet), "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        return files.Select(file => Expand(file, boolean, gapSeconds)).ToArray();
    }

    /// <summary>The window [start, start + length) of every zone.</summary>
    public static int[][] Window(int[][] zones, int start, int length) =>
        zones.Select(z => z[start..(start + length)]).ToArray();

    private static int[] Expand(string file, bool boolean, int? gapOverride)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var gap = gapOverride ?? doc.RootElement.GetProperty("metadata").GetProperty("gap_seconds").GetInt32();
        var values = doc.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var ticks = (int)((long)values.Length * gap / TickSeconds);
        var capacity = new int[ticks];
        for (var k = 0; k < ticks; k++)
        {
            var value = values[(int)((long)k * TickSeconds / gap)];
            capacity[k] = boolean && value > 0 ? Unlimited : value;
        }

        return capacity;
    }
}
