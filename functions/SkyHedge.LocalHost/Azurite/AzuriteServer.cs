using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SkyHedge.LocalHost.Processes;

namespace SkyHedge.LocalHost.Azurite;

/// <summary>
/// A private Azurite (the real Azure Storage emulator): blob, queue and table services on loopback, in memory, in a
/// fresh temp working folder; installed with npm on first use (<see cref="AzuriteInstall"/>). Used by
/// <c>skyhedge local up</c> and by the tests' fixture. Dispose kills the whole process tree and deletes the folder.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    /// <summary>The emulator's fixed development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known development key (public; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;
    private readonly string _workingDirectory;

    private AzuriteServer(ChildProcess process, string workingDirectory, int blob, int queue, int table, TimeSpan startupTime)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        (BlobPort, QueuePort, TablePort, StartupTime) = (blob, queue, table, startupTime);
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>From process start to all three services listening (excludes a first-time install).</summary>
    public TimeSpan StartupTime { get; }

    public Uri BlobEndpoint => Endpoint(BlobPort);

    public Uri QueueEndpoint => Endpoint(QueuePort);

    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>A storage connection string for the development account with the three actual endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>The emulator's process id (the root of the tree killed on dispose).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The emulator's temp working folder.</summary>
    public string WorkingDirectory => _workingDirectory;

    /// <summary>What the emulator printed so far.</summary>
    public string Output => _process.Output;

    /// <summary>Installs (first time only) and starts Azurite.</summary>
    /// <param name="blobPort">The blob port; the queue and table services take the next two. 0: free ports chosen
    /// by the OS for all three.</param>
    /// <param name="startupTimeout">How long to wait for the three "listening" lines.</param>
    /// <param name="started">Told the process id and working folder as soon as the process runs (diagnostics: a
    /// start that fails still removes both).</param>
    /// <param name="installProgress">Progress of a first-time install (<see cref="AzuriteInstall.EnsureAsync"/>).</param>
    /// <exception cref="InvalidOperationException">Node.js or npm is missing, the install failed, or Azurite exited
    /// during start (the message holds its output, e.g. a port in use).</exception>
    /// <exception cref="TimeoutException">Not listening within <paramref name="startupTimeout"/> (the message holds
    /// its output).</exception>
    public static Task<AzuriteServer> StartAsync(
        int blobPort = 0, TimeSpan? startupTimeout = null, Action<int, string>? started = null, IProgress<string>? installProgress = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(null, blobPort == 0 ? (0, 0, 0) : (blobPort, blobPort + 1, blobPort + 2), startupTimeout, started, installProgress, cancellationToken);

    /// <summary>Starts Azurite keeping its data in <paramref name="dataDirectory"/> (it survives a restart there) on
    /// the given ports (0: chosen by the OS): a restart on the same ports and folder is the same storage account.</summary>
    /// <exception cref="InvalidOperationException">As <see cref="StartAsync(int, TimeSpan?, Action{int, string}?, IProgress{string}?, CancellationToken)"/>.</exception>
    public static Task<AzuriteServer> StartPersistentAsync(
        string dataDirectory, (int Blob, int Queue, int Table) ports, TimeSpan? startupTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        return StartAsync(dataDirectory, ports, startupTimeout, null, null, cancellationToken);
    }

    private static async Task<AzuriteServer> StartAsync(
        string? dataDirectory, (int, int, int) ports, TimeSpan? startupTimeout, Action<int, string>? started, IProgress<string>? installProgress,
        CancellationToken cancellationToken)
    {
        var entryScript = await AzuriteInstall.EnsureAsync(installProgress, cancellationToken).ConfigureAwait(false);
        var workingDirectory = Directory.CreateTempSubdirectory("skyhedge-azurite-").FullName;
        // Azurite runs in its own session (ChildProcess), so neither a terminal's Ctrl+C nor a kill of our process
        // group reaches it; this preload ends it when our end of its stdin closes, i.e. when we die, even by SIGKILL.
        var watch = Path.Combine(workingDirectory, "exit-with-parent.cjs");
        await File.WriteAllTextAsync(
            watch,
            "process.stdin.on('end', () => process.exit(0));\nprocess.stdin.on('error', () => process.exit(0));\nprocess.stdin.resume();\n",
            cancellationToken).ConfigureAwait(false);
        string[] arguments =
        [
            "--require", watch,
            // Silent: an access-log line per request (hundreds a second under the durable engine) would be kept in
            // the child's output for nothing. No telemetry: these machines are offline, and nobody asked for it.
            entryScript, .. (dataDirectory is null ? ["--inMemoryPersistence"] : new[] { "--location", dataDirectory }),
            "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", Text(ports.Item1), "--queuePort", Text(ports.Item2), "--tablePort", Text(ports.Item3),
        ];
        var clock = Stopwatch.StartNew();
        ChildProcess process;
        try
        {
            process = ChildProcess.Start("node", arguments, workingDirectory);
        }
        catch (Win32Exception ex)
        {
            Delete(workingDirectory);
            throw new InvalidOperationException("Azurite needs Node.js: `node` was not found on PATH. Install Node.js 20 or later.", ex);
        }

        started?.Invoke(process.Id, workingDirectory);
        try
        {
            await process.WaitForOutputAsync(
                lines => Listening(lines).Count == 3, startupTimeout ?? TimeSpan.FromSeconds(60), "Azurite's blob, queue and table services listening", cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            // The error already carries Azurite's output (a port in use, a crash); leave nothing running behind.
            await process.DisposeAsync().ConfigureAwait(false);
            Delete(workingDirectory);
            throw;
        }

        var listening = Listening(process.Output.Split(Environment.NewLine));
        return new AzuriteServer(process, workingDirectory, listening["Blob"], listening["Queue"], listening["Table"], clock.Elapsed);
    }

    /// <summary>Stops the emulator as an operator would (SIGINT), so a persistent one saves its data first; kills
    /// it if it has not exited within <paramref name="timeout"/>. Dispose afterwards as usual.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var signal = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                if (signal is not null)
                {
                    await signal.WaitForExitAsync().ConfigureAwait(false);
                }
            }

            try
            {
                await _process.WaitForExitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await _process.KillTreeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        Delete(_workingDirectory);
    }

    private static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still held open by a dying child; the OS temp cleaner gets it. Never fail a shutdown here.
        }
    }

    private static Dictionary<string, int> Listening(IEnumerable<string> lines)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
            }
        }

        return ports;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static Uri Endpoint(int port) => new($"http://127.0.0.1:{Text(port)}/{AccountName}");

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:\s]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
