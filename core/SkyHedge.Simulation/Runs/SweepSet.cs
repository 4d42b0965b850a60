namespace SkyHedge.Simulation.Runs;

/// <summary>One trace set of the robustness sweep: the trace folders read together and the tick reading.</summary>
/// <param name="GapSeconds">Seconds per trace tick, overriding the files; null reads each file's own.</param>
public sealed record SweepSet(string Name, IReadOnlyList<string> Paths, double? GapSeconds)
{
    /// <summary>The public trace sets found under <paramref name="spotDir"/> (the data folder's <c>spot/</c>): the
    /// AWS 2-month trace at both tick readings (the SpotHedge artifact's 300 s and the measured 195 s), GCP 6-zone,
    /// AWS 4-node and the 15 zones of AWS 2-month and GCP together. Sets whose folders are missing are left out.</summary>
    public static IReadOnlyList<SweepSet> Public(string spotDir)
    {
        string Folder(string name) => Path.Combine(spotDir, name);
        var aws = Folder("aws-v100-2month");
        var gcp = Folder("gcp-a100-6zone");
        var fourNode = Folder("aws-v100-4node");
        var sets = new List<SweepSet>();
        if (Directory.Exists(aws))
        {
            sets.Add(new("aws-2month@300s", [aws], 300));
            sets.Add(new("aws-2month@195s", [aws], null));
        }

        if (Directory.Exists(gcp))
        {
            sets.Add(new("gcp-6zone", [gcp], null));
        }

        if (Directory.Exists(fourNode))
        {
            sets.Add(new("aws-4node", [fourNode], null));
        }

        if (Directory.Exists(aws) && Directory.Exists(gcp))
        {
            sets.Add(new("aws+gcp-15zone", [aws, gcp], null));
        }

        return sets;
    }
}
