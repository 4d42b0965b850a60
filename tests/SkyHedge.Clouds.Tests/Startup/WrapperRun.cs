using System.Diagnostics;

namespace SkyHedge.Clouds.Tests.Startup;

/// <summary>A generated startup wrapper run for real with <c>sh</c> in a temp folder, in its own session so that the
/// server and watcher it leaves in the background are killed with it on dispose.</summary>
internal sealed class WrapperRun : IDisposable
{
    private readonly Process _process;

    private WrapperRun(string folder, Process process)
    {
        Folder = folder;
        _process = process;
    }

    /// <summary>The temp folder: the script is <c>startup.sh</c> here and <c>SKYHEDGE_HOME</c> is <see cref="Home"/>.</summary>
    public string Folder { get; }

    public string Home => Path.Combine(Folder, "home");

    public static WrapperRun Start(string script, string metadataUrl)
    {
        var folder = Directory.CreateTempSubdirectory("skyhedge-wrapper-").FullName;
        var path = Path.Combine(folder, "startup.sh");
        File.WriteAllText(path, script);
        var start = new ProcessStartInfo("setsid", ["sh", path]) { WorkingDirectory = folder, UseShellExecute = false };
        start.Environment["SKYHEDGE_HOME"] = Path.Combine(folder, "home");
        start.Environment["SKYHEDGE_METADATA_URL"] = metadataUrl;
        return new WrapperRun(folder, Process.Start(start)!);
    }

    /// <summary>Polls (real time) until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{what}: not within 30 s");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        // setsid made the wrapper a session and group leader: its group holds everything it started.
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", "-" + _process.Id]) { UseShellExecute = false, RedirectStandardError = true })!)
        {
            kill.WaitForExit();
        }

        _process.WaitForExit(10_000);
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
