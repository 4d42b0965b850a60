using SkyHedge.Testing;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>
/// <c>router/Dockerfile</c> built once per test class by <see cref="DockerBuildReplay"/>, in a temporary folder:
/// the repository's own bin/ and obj/ are never touched, so it cannot collide with a build running beside it.
/// Started by the first test that asks for it; the tests that only read the Dockerfile do not wait for it.
/// </summary>
public sealed class RouterImageBuild : IAsyncLifetime
{
    /// <summary>A restore and a Release publish on a small machine take a minute or two; this is the ceiling.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"skyhedge-image-{Guid.NewGuid():N}");
    private readonly Lazy<Task<DockerBuildReplay>> _replay;

    public RouterImageBuild()
    {
        _replay = new(() => DockerBuildReplay.RunAsync(Load(), RepoRoot.Path, _root, StepTimeout));
    }

    public static string DockerfilePath => RepoRoot.Combine("router", "Dockerfile");

    /// <summary>A folder the tests may write to; deleted with everything else.</summary>
    internal string Scratch => Directory.CreateDirectory(Path.Combine(_root, "scratch")).FullName;

    internal static Dockerfile Load() => Dockerfile.Load(DockerfilePath);

    internal Task<DockerBuildReplay> ReplayAsync() => _replay.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_replay.IsValueCreated)
        {
            try
            {
                await _replay.Value;
            }
            catch (Exception)
            {
                // The test that awaited it has reported it; only the folder is left to clean.
            }
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
