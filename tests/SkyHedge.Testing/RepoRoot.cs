namespace SkyHedge.Testing;

/// <summary>Finds the repository from a test's output folder (Debug or Release, default output paths), so fixtures
/// locate shared tools such as <c>tools/azurite</c> without any configuration.</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The folder that holds <c>Serverless.sln</c>.</summary>
    /// <exception cref="InvalidOperationException">No such folder above <see cref="AppContext.BaseDirectory"/>.</exception>
    public static string Path => Root.Value;

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Serverless.sln not found in {AppContext.BaseDirectory} or any folder above it.");
    }
}
