using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Clouds.Fake;
using SkyHedge.Control;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Ports;
using SkyHedge.LocalHost;

// Usage: SkyHedge.CrashHost STORAGE_CONNECTION TABLE_PREFIX TASK_HUB FAKE_CLOUD_FILE SERVICE SPEC_FILE PROBE_URL
// Runs the control plane until killed. Prints "READY" once the service's controller is running.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: SkyHedge.CrashHost STORAGE_CONNECTION TABLE_PREFIX TASK_HUB FAKE_CLOUD_FILE SERVICE SPEC_FILE PROBE_URL");
    return 2;
}

var (connection, prefix, hub, cloudFile, service, specFile, probeUrl) = (args[0], args[1], args[2], args[3], args[4], args[5], args[6]);
var options = new ControlOptions
{
    DecisionInterval = TimeSpan.FromSeconds(1),
    ProbeInterval = TimeSpan.FromSeconds(1),
    DrainGrace = TimeSpan.FromMilliseconds(300),
};
var store = new TableStateStore(connection, new TableStateStoreOptions { TablePrefix = prefix });
var provider = new FakeCloudProvider(FakeCloud.OpenFile(cloudFile), "aws", (_, _) => probeUrl);
await using var host = await LocalDurableHost.StartAsync(
    new LocalDurableHostOptions { Backend = DurableBackend.AzureStorage, StorageConnectionString = connection, TaskHubName = hub },
    ControlPlane.AddTasks,
    services =>
    {
        services.AddSingleton<IStateStore>(store);
        services.AddSingleton<ICloudProvider>(provider);
        services.AddSingleton(options);
        services.AddSingleton(sp => new Watchdog(
            store, sp.GetRequiredService<SkyHedge.Control.Clouds.CloudProviders>(), sp.GetRequiredService<IOrchestrationGateway>(), TimeProvider.System) { OrphanGrace = TimeSpan.FromSeconds(5) });
        services.AddControlPlaneServices();
        services.AddLocalTimers(new LocalTimerOptions { WatchdogInterval = TimeSpan.FromSeconds(2), PreemptionPollInterval = TimeSpan.FromSeconds(1) });
    });

if (await store.GetServiceAsync(service) is null)
{
    await store.CreateServiceAsync(service, await File.ReadAllTextAsync(specFile));
}

await new DurableGateway(host.Client, options).StartControllerAsync(service, CancellationToken.None);
Console.WriteLine("READY");
await Task.Delay(Timeout.Infinite);
return 0;
