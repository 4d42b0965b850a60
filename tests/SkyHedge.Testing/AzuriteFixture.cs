using SkyHedge.LocalHost.Azurite;
using Xunit;

namespace SkyHedge.Testing;

/// <summary>
/// A private Azurite (the real Azure Storage emulator, <see cref="AzuriteServer"/>, as <c>skyhedge local up</c> runs
/// it) for a test class or collection: in-memory, on free ports chosen by the OS (no test binds a fixed port). Use
/// it as an xunit class or collection fixture; give each test its own table/container names.
/// </summary>
/// <remarks>The emulator belongs to the fixture, never to a process a test starts and kills, so tests that kill a
/// host see storage survive it. Dispose kills the whole process tree and deletes the temp folder.</remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The emulator's fixed development account.</summary>
    public const string AccountName = AzuriteServer.AccountName;

    /// <summary>The emulator's well-known development key (public; not a secret).</summary>
    public const string AccountKey = AzuriteServer.AccountKey;

    private AzuriteServer? _server;
    private int _processId;
    private string? _workingDirectory;

    /// <summary>How long to wait for the three "listening" lines.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int BlobPort => Server.BlobPort;

    public int QueuePort => Server.QueuePort;

    public int TablePort => Server.TablePort;

    public Uri BlobEndpoint => Server.BlobEndpoint;

    public Uri QueueEndpoint => Server.QueueEndpoint;

    public Uri TableEndpoint => Server.TableEndpoint;

    /// <summary>A storage connection string for the development account with the three actual endpoints.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>The emulator's process id (also after a failed start: it is gone by then).</summary>
    public int ProcessId => _processId != 0 ? _processId : throw NotStarted();

    /// <summary>The emulator's temp working folder (also after a failed start: it is deleted by then).</summary>
    public string WorkingDirectory => _workingDirectory ?? throw NotStarted();

    /// <summary>From process start to all three services listening (excludes a first-time install).</summary>
    public TimeSpan StartupTime => Server.StartupTime;

    /// <summary>What the emulator printed so far.</summary>
    public string Output => _server?.Output ?? string.Empty;

    private AzuriteServer Server => _server ?? throw NotStarted();

    /// <inheritdoc/>
    public async Task InitializeAsync() =>
        _server = await AzuriteServer.StartAsync(0, StartupTimeout, (pid, folder) => (_processId, _workingDirectory) = (pid, folder)).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("The Azurite fixture is not started: use it as an xunit fixture or call InitializeAsync first.");
}
