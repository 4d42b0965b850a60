namespace SkyHedge.Core.Tests;

/// <summary>Finds files in the repository from the test output folder (Debug or Release, default output paths).</summary>
internal static class RepoPaths
{
    internal static string Root { get; } = FindRoot();

    internal static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Serverless.sln not found above {AppContext.BaseDirectory}.");
    }
}
