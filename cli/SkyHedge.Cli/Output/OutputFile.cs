namespace SkyHedge.Cli.Output;

/// <summary>Where <c>--json FILE</c> and <c>--plot FILE</c> write.</summary>
internal static class OutputFile
{
    /// <summary>Creates the folder <paramref name="file"/> goes in, so a path into a new folder just works.</summary>
    public static void EnsureFolder(string file)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
    }
}
