using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace SkyHedge.Testing;

/// <summary>
/// A private Azurite (the real Azure Storage emulator) for a test class or collection: in-memory, on free ports
/// chosen by the OS (no test binds a fixed port), in a fresh temp working folder. Use it as an xunit class or
/// collection fixture; give each test its own table/container names so tests stay independent.
/// </summary>
/// <remarks>
/// <para>The emulator belongs to the fixture, never to a process a test starts and kills, so tests that kill a
/// host see storage survive it. Azurite is installed once under <c>tools/azurite</c> (see its README).</para>
/// <para>Dispose kills the whole process tree and deletes the temp folder.</para>
/// </remarks>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The emulator's fixed development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known development key (public; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private ChildProcess? _process;
    private string? _workingDirectory;
    private int _blobPort;
    private int _queuePort;
    private int _tablePort;

    /// <summary>How long to wait for the three "listening" lines.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int BlobPort => Started(_blobPort);

    public int QueuePort => Started(_queuePort);

    public int TablePort => Started(_tablePort);

    public Uri BlobEndpoint => Endpoint(BlobPort);

    public Uri QueueEndpoint => Endpoint(QueuePort);

    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>A storage connection string for the development account with the three actual endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>The emulator's process id (the root of the tree killed on dispose).</summary>
    public int ProcessId => _process?.Id ?? throw NotStarted();

    /// <summary>The emulator's temp working folder (it writes debug and metadata files there).</summary>
    public string WorkingDirectory => _workingDirectory ?? throw NotStarted();

    /// <summary>From process start to all three services listening (excludes a first-time install).</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>What the emulator printed so far.</summary>
    public string Output => _process?.Output ?? string.Empty;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var entryScript = await AzuriteInstall.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        _workingDirectory = Directory.CreateTempSubdirectory("skyhedge-azurite-").FullName;
        string[] arguments =
        [
            entryScript, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
        ];
        var clock = Stopwatch.StartNew();
        try
        {
            _process = ChildProcess.Start("node", arguments, _workingDirectory);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Azurite needs Node.js: `node` was not found on PATH. Install Node.js 20 or later.", ex);
        }

        try
        {
            await _process.WaitForOutputAsync(lines => Ports(lines).Count == 3, StartupTimeout, "Azurite's blob, queue and table services listening")
                .ConfigureAwait(false);
        }
        catch
        {
            // Not every runner disposes a fixture whose initialization failed: leave nothing running behind.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }

        StartupTime = clock.Elapsed;
        var ports = Ports(_process.Output.Split(Environment.NewLine));
        (_blobPort, _queuePort, _tablePort) = (ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        if (_workingDirectory is not null)
        {
            try
            {
                Directory.Delete(_workingDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying child; the OS temp cleaner gets it. Never fail a test run here.
            }
            catch (UnauthorizedAccessException)
            {
                // Same as above on Windows.
            }
        }
    }

    private static Dictionary<string, int> Ports(IEnumerable<string> lines)
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

    private static Uri Endpoint(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");

    private static int Started(int port) => port != 0 ? port : throw NotStarted();

    private static InvalidOperationException NotStarted() =>
        new("The Azurite fixture is not started: use it as an xunit fixture or call InitializeAsync first.");

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:\s]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
