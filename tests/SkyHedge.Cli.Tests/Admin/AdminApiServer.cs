using SkyHedge.Control.Admin;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.LocalHost;
using SkyHedge.Testing;

namespace SkyHedge.Cli.Tests.Admin;

/// <summary>The real admin API on a free 127.0.0.1 port, served by the local host (<see cref="LocalAdminHost"/>, as
/// <c>skyhedge local up</c> serves it) over Table stores on the shared Azurite (a table prefix of its own) and a
/// recording gateway (no controller runs, so replicas and events are whatever a test puts in <see cref="Store"/>).</summary>
internal sealed class AdminApiServer : IAsyncDisposable
{
    public const string Key = "cli-tests-admin-key-0123456789abcdef";

    private readonly LocalAdminHost _host;

    private AdminApiServer(LocalAdminHost host, IStateStore store)
    {
        _host = host;
        Store = store;
    }

    /// <summary>What <c>--endpoint</c> takes, e.g. <c>http://127.0.0.1:41234</c> (no <c>/api</c>).</summary>
    public string Endpoint => _host.Address.ToString().TrimEnd('/');

    public IStateStore Store { get; }

    /// <summary><c>--endpoint URL --api-key KEY</c>.</summary>
    public string[] Connection => ["--endpoint", Endpoint, "--api-key", Key];

    public static async Task<AdminApiServer> StartAsync(AzuriteFixture azurite)
    {
        var options = new TableStateStoreOptions { TablePrefix = "c" + Guid.NewGuid().ToString("N")[..20] };
        var store = new TableStateStore(azurite.ConnectionString, options);
        var api = new AdminApi(
            store, new TableKeyStore(azurite.ConnectionString, options), new RecordingGateway(), new AdminApiOptions { BootstrapAdminKey = Key });
        return new AdminApiServer(await LocalAdminHost.StartAsync(api, 0), store);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
