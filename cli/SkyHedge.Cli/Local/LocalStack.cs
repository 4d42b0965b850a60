using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Keys;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Ports;
using SkyHedge.LocalHost;
using SkyHedge.LocalHost.Azurite;
using SkyHedge.LocalHost.Hosting;
using SkyHedge.Router;

namespace SkyHedge.Cli.Local;

/// <summary>
/// The whole system on one machine, every part real: Azurite (state, task hub), the durable host running the same
/// orchestrators as the Functions app, the admin API on loopback, the YARP router, and a cloud (the local cloud of
/// emulator processes, or any <see cref="ICloudProvider"/>). Started in dependency order and disposed in reverse:
/// the admin API and the control loop stop first (so nothing launches again), then the cloud kills every replica
/// process, then the router and storage.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    private const string TablePrefix = "skyhedge";
    private readonly List<IAsyncDisposable> _parts = [];

    private LocalStack(LocalStackOptions options)
    {
        Options = options;
    }

    public LocalStackOptions Options { get; }

    public AzuriteServer Storage { get; private set; } = null!;

    public TableStateStore Store { get; private set; } = null!;

    /// <summary>The router's base URL (inference goes to <c>{RouterUrl}/v1/...</c>).</summary>
    public Uri RouterUrl { get; private set; } = null!;

    /// <summary>The admin API's base URL (the API is under <c>/api</c>).</summary>
    public Uri AdminUrl { get; private set; } = null!;

    public AdminApi Admin { get; private set; } = null!;

    /// <summary>Starts everything; on failure stops what already started and rethrows.</summary>
    /// <param name="cloud">The cloud replicas launch in; disposed with the stack when it is disposable.</param>
    /// <param name="progress">One line per step, for the console.</param>
    public static async Task<LocalStack> StartAsync(LocalStackOptions options, ICloudProvider cloud, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var stack = new LocalStack(options);
        try
        {
            await stack.StartPartsAsync(cloud, progress, cancellationToken).ConfigureAwait(false);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Submits a service spec through the admin API, exactly as <c>skyhedge up</c> would.</summary>
    /// <returns>The API's answer (201 with the service, or a problem).</returns>
    public Task<AdminResponse> SubmitAsync(string specYaml, CancellationToken cancellationToken) =>
        Admin.HandleAsync(
            new AdminRequest("POST", "/api/services", [KeyValuePair.Create("Authorization", "Bearer " + Options.ApiKey), KeyValuePair.Create("Content-Type", "application/yaml")], specYaml),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Reverse order: the cloud (replica processes) goes first, storage last.
        for (var i = _parts.Count - 1; i >= 0; i--)
        {
            try
            {
                await _parts[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Keep stopping the rest: one part failing to stop must not leave the others running.
                await Console.Error.WriteLineAsync($"skyhedge: stopping {_parts[i].GetType().Name}: {ex.Message}").ConfigureAwait(false);
            }
        }

        _parts.Clear();
    }

    /// <summary>Stops a web app (its background services see their stopping token) before disposing it.</summary>
    private sealed class Stopping(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartPartsAsync(ICloudProvider cloud, IProgress<string> progress, CancellationToken cancellationToken)
    {
        progress.Report("starting Azurite (installed with npm on first use)…");
        Storage = await AzuriteServer.StartAsync(Options.StoragePort, cancellationToken: cancellationToken, installProgress: progress).ConfigureAwait(false);
        _parts.Add(Storage);
        progress.Report($"Azurite: blob {Storage.BlobPort}, queue {Storage.QueuePort}, table {Storage.TablePort} ({Storage.StartupTime.TotalSeconds:0.0} s)");

        var tableOptions = new TableStateStoreOptions { TablePrefix = TablePrefix };
        Store = new TableStateStore(Storage.ConnectionString, tableOptions);
        var keys = new TableKeyStore(Storage.ConnectionString, tableOptions);

        var router = RouterApp.Build(
        [
            "--urls", $"http://127.0.0.1:{Options.RouterPort}",
            "--SkyHedge:Storage", Storage.ConnectionString,
            "--SkyHedge:TablePrefix", TablePrefix,
            "--SKYHEDGE_ADMIN_KEY", Options.ApiKey,
            "--Logging:LogLevel:Default", "Warning",
        ], EmbeddedLifetime.Use);
        await router.StartAsync(cancellationToken).ConfigureAwait(false);
        _parts.Add(new Stopping(router));
        RouterUrl = new Uri(router.Urls.First());
        progress.Report($"router: {RouterUrl}");

        if (cloud is IAsyncDisposable disposableCloud)
        {
            _parts.Add(disposableCloud); // after the router, so it is disposed before it: replicas stop first
        }

        var control = new ControlOptions
        {
            DecisionInterval = Options.DecisionInterval,
            ProbeInterval = Options.ProbeInterval,
            DrainGrace = TimeSpan.FromSeconds(5),
        };
        var durable = await LocalDurableHost.StartAsync(
            new LocalDurableHostOptions
            {
                Backend = DurableBackend.AzureStorage,
                StorageConnectionString = Storage.ConnectionString,
                Port = Options.SidecarPort,
                RouterUrl = RouterUrl,
                RouterKey = Options.ApiKey,
            },
            ControlPlane.AddTasks,
            services =>
            {
                services.AddSingleton<IStateStore>(Store);
                services.AddSingleton(cloud);
                services.AddSingleton(control);
                services.AddControlPlaneServices();
                services.AddLocalTimers(new LocalTimerOptions { WatchdogInterval = TimeSpan.FromSeconds(10), PreemptionPollInterval = TimeSpan.FromSeconds(1) });
            },
            cancellationToken).ConfigureAwait(false);
        _parts.Add(durable);
        progress.Report($"control plane: durable sidecar {durable.Address}, decisions every {control.DecisionInterval.TotalSeconds:0} s, probes every {control.ProbeInterval.TotalSeconds:0} s");

        Admin = new AdminApi(Store, keys, new DurableGateway(durable.Client, control), new AdminApiOptions { BootstrapAdminKey = Options.ApiKey });
        var admin = await LocalAdminHost.StartAsync(Admin, Options.AdminPort, cancellationToken: cancellationToken).ConfigureAwait(false);
        _parts.Add(admin);
        AdminUrl = admin.Address;
        progress.Report($"admin API: {new Uri(AdminUrl, "api")}");
    }
}
