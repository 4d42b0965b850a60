using System.Diagnostics;
using SkyHedge.LocalHost.Processes;

namespace SkyHedge.Emulator.Tests.Harness;

/// <summary>The built <c>skyhedge-emulator</c> (copied next to the tests by the project reference) run as a real
/// process, read the way a parent process reads it: the one <c>listening on</c> line on stdout.</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private EmulatorProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public ChildProcess Process => _process;

    public static async Task<EmulatorProcess> StartAsync(IEnumerable<string> args, string? token)
    {
        var environment = new Dictionary<string, string>();
        if (token is not null)
        {
            environment[EmulatorOptions.TokenVariable] = token;
        }

        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "skyhedge-emulator.exe" : "skyhedge-emulator");
        var process = File.Exists(apphost)
            ? ChildProcess.Start(apphost, args, AppContext.BaseDirectory, environment)
            : ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "skyhedge-emulator.dll"), .. args], AppContext.BaseDirectory, environment);
        try
        {
            await process.WaitForOutputAsync(lines => lines.Any(IsListening), TimeSpan.FromSeconds(30), "the 'listening on' line");
            var line = process.Output.Split(Environment.NewLine).First(IsListening);
            return new EmulatorProcess(process, new Uri(line[EmulatorApp.ListeningPrefix.Length..] + "/"));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM, the interruption notice a replica's VM gets (kill(1): there is no managed API for it).</summary>
    public async Task TerminateAsync()
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static bool IsListening(string line) => line.StartsWith(EmulatorApp.ListeningPrefix, StringComparison.Ordinal);
}
