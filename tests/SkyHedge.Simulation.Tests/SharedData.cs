namespace SkyHedge.Simulation.Tests;

/// <summary>Paths to the repository and to the shared data set beside it. Missing data fails the test with a clear
/// message instead of skipping: CI always has <c>../shared</c>.</summary>
internal static class SharedData
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Serverless.sln")))
            {
                dir = dir.Parent;
            }

            Assert.True(dir is not null, $"no Serverless.sln above {AppContext.BaseDirectory}");
            return dir!.FullName;
        }
    }

    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine([RepoRoot, "..", "shared", "data", .. parts]));
        Assert.True(File.Exists(path) || Directory.Exists(path), $"{path} is missing: these tests need ../shared/data beside the repository");
        return path;
    }

    public static string Aws2Month => Path("spot", "aws-v100-2month");

    public static string Gcp6Zone => Path("spot", "gcp-a100-6zone");

    public static string Maf => Path("workloads", "maf-minutes-first-half.csv");

    /// <summary>A scratch folder removed by the caller's <c>using</c>.</summary>
    public static TempDir Temp() => new();

    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Dir = Directory.CreateTempSubdirectory("skyhedge-test-").FullName;
        }

        public string Dir { get; }

        public string File(string name, string content)
        {
            var path = System.IO.Path.Combine(Dir, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }
}
