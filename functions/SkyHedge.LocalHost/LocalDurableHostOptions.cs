using Microsoft.Extensions.Logging;

namespace SkyHedge.LocalHost;

/// <summary>How to run the local durable engine.</summary>
public sealed record LocalDurableHostOptions
{
    public DurableBackend Backend { get; init; } = DurableBackend.InMemory;

    /// <summary>Storage connection string for <see cref="DurableBackend.AzureStorage"/>.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Task hub name: letters and digits, 3-45 characters (Azure Storage naming rules).</summary>
    public string TaskHubName { get; init; } = "skyhedge";

    /// <summary>Longest pause between queue polls when idle. The engine's default (30 s) makes a local control loop
    /// feel dead; one second keeps reactions prompt at the price of more storage calls.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a work-item lease lasts; short so a killed host's work is picked up again quickly.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a host owns its task-hub partitions without renewing; a killed host's partitions are
    /// taken over after this. Short locally (the engine's default is 30 s).</summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Partitions (control queues). One is plenty for one local host and keeps takeover quick.</summary>
    public int PartitionCount { get; init; } = 1;

    /// <summary>Sidecar port on 127.0.0.1; 0 (default) picks a free one.</summary>
    public int Port { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The router to push replica transitions to (what <c>SKYHEDGE_ROUTER_URL</c> is in the Functions app),
    /// or null for none: a local router then learns them from its poll of the table.</summary>
    public Uri? RouterUrl { get; init; }

    /// <summary>The admin-scope key the router accepts for the push (the bootstrap admin key, <c>--api-key</c>);
    /// required with <see cref="RouterUrl"/>.</summary>
    public string? RouterKey { get; init; }
}
