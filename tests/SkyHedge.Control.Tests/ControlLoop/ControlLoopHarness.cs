using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Clouds.Fake;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.LocalHost;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.ControlLoop;

/// <summary>
/// The real control loop in one process: the durable engine (in memory), the Table Storage state store on Azurite,
/// a fake cloud with four zones, and a loopback HTTP server standing in for every replica's model server (probes
/// hit it for real). Intervals are shortened so a test takes seconds.
/// </summary>
internal sealed class ControlLoopHarness : IAsyncDisposable
{
    public static readonly ControlOptions FastOptions = new()
    {
        DecisionInterval = TimeSpan.FromSeconds(1),
        ProbeInterval = TimeSpan.FromSeconds(1),
        DrainGrace = TimeSpan.FromMilliseconds(300),
        TimerPadding = TimeSpan.Zero, // the in-memory backend's timers are exact
    };

    /// <summary>The usual service of these tests: 2 replicas plus 1 spot spare on AWS, on-demand fallback.</summary>
    public const string Spec = """
        name: llm
        resources:
          accelerators: A10G:1
          use_spot: true
          any_of:
            - cloud: aws
        service:
          readiness_probe:
            path: /health
            initial_delay_seconds: 60
          replica_policy:
            min_replicas: 2
            max_replicas: 2
            num_overprovision: 1
            dynamic_ondemand_fallback: true
        """;

    private readonly LoopbackHttpServer _replicaServer;

    /// <summary>Replica tokens whose probes the stand-in model server fails with 503.</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, bool> SickTokens { get; } = new();

    /// <summary>Replica tokens whose probes the stand-in model server never answers: it reads the request and holds
    /// it until the prober gives up (a model server wedged mid-generation).</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, bool> HungTokens { get; } = new();

    private ControlLoopHarness(LocalDurableHost host, TableStateStore store, FakeCloud cloud, LoopbackHttpServer replicaServer)
    {
        Host = host;
        Store = store;
        Cloud = cloud;
        _replicaServer = replicaServer;
    }

    public LocalDurableHost Host { get; }

    public TableStateStore Store { get; }

    public FakeCloud Cloud { get; }

    /// <summary>The fake cloud's provider, for launching instances behind the control plane's back.</summary>
    public FakeCloudProvider Provider => (FakeCloudProvider)Host.Services.GetRequiredService<ICloudProvider>();

    /// <summary>The key the control plane pushes replica changes to a router with, when started with one.</summary>
    public const string RouterKey = "bootstrap-admin-key-for-tests-0123456789";

    /// <param name="routerUrl">A router to push replica transitions to, through the local host's own wiring
    /// (<see cref="LocalDurableHostOptions.RouterUrl"/>); null for none.</param>
    public static Task<ControlLoopHarness> StartAsync(AzuriteFixture azurite, Uri? routerUrl = null) => StartAsync(azurite.ConnectionString, routerUrl);

    /// <param name="storage">The state store's connection string (an Azurite a test may stop and restart).</param>
    public static async Task<ControlLoopHarness> StartAsync(string storage, Uri? routerUrl = null)
    {
        var server = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            var token = ctx.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
            if (HungTokens.ContainsKey(token))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ctx.RequestAborted); // ends when the prober (or the server) hangs up
                }
                catch (OperationCanceledException)
                {
                }

                return;
            }

            ctx.Response.StatusCode = SickTokens.ContainsKey(token) ? 503 : 200;
        });
        var address = server.Address;
        var cloud = FakeCloud.InMemory();
        var provider = new FakeCloudProvider(cloud, "aws", (_, _) => address);
        var store = new TableStateStore(storage, new TableStateStoreOptions { TablePrefix = "t" + Guid.NewGuid().ToString("N")[..16] });
        var hostOptions = new LocalDurableHostOptions { RouterUrl = routerUrl, RouterKey = routerUrl is null ? null : RouterKey };
        var host = await LocalDurableHost.StartAsync(hostOptions, ControlPlane.AddTasks, services =>
        {
            services.AddSingleton<IStateStore>(store);
            services.AddSingleton<ICloudProvider>(provider);
            services.AddSingleton(FastOptions);
            services.AddSingleton(sp => new Watchdog(
                store, sp.GetRequiredService<CloudProviders>(), sp.GetRequiredService<IOrchestrationGateway>(), TimeProvider.System) { OrphanGrace = TimeSpan.FromSeconds(2) });
            services.AddControlPlaneServices();
            services.AddLocalTimers(new LocalTimerOptions { WatchdogInterval = TimeSpan.FromSeconds(1), PreemptionPollInterval = TimeSpan.FromMilliseconds(500) });
        });
        return new ControlLoopHarness(host, store, cloud, server);
    }

    /// <summary>Stores the spec and starts the service's controller.</summary>
    public async Task StartServiceAsync(string name, string yaml)
    {
        await Store.CreateServiceAsync(name, yaml);
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ServiceController), new ServiceControllerInput(name, FastOptions), new StartOrchestrationOptions(ReplicaSignals.ControllerId(name)));
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the service's rows, or fails with what it saw.</summary>
    public async Task<IReadOnlyList<ReplicaRecord>> WaitForAsync(string service, Func<IReadOnlyList<ReplicaRecord>, bool> condition, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        IReadOnlyList<ReplicaRecord> rows = [];
        while (DateTime.UtcNow < deadline)
        {
            rows = await Store.ListReplicasAsync(service);
            if (condition(rows))
            {
                return rows;
            }

            await Task.Delay(100);
        }

        var controller = await Host.Client.GetInstanceAsync(ReplicaSignals.ControllerId(service), getInputsAndOutputs: true);
        Assert.Fail($"timed out waiting for {what}; rows: {string.Join("; ", rows.Select(Describe))}; cloud: {Cloud.DescribeLive(service)}; "
            + $"controller: {controller?.RuntimeStatus} {controller?.FailureDetails?.ErrorType} {controller?.FailureDetails?.ErrorMessage} {controller?.FailureDetails?.StackTrace}");
        return rows;
    }

    public static IEnumerable<ReplicaRecord> Live(IReadOnlyList<ReplicaRecord> rows) =>
        rows.Where(r => !ReplicaStateMachine.IsTerminal(r.Replica.Status));

    public static string Describe(ReplicaRecord r) =>
        $"{r.Id} {r.Replica.Status} {r.Replica.Market} {r.Replica.Zone} {r.Replica.Reason}";

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _replicaServer.DisposeAsync();
    }
}
