namespace SkyHedge.Clouds.Startup;

/// <summary>Which instance-metadata service the notice watcher polls.</summary>
public enum MetadataFlavor
{
    /// <summary>EC2 IMDSv2: <c>/latest/meta-data/spot/instance-action</c> (404 until a spot interruption notice).</summary>
    Aws,

    /// <summary>Azure Scheduled Events: <c>/metadata/scheduledevents</c>, an event of type <c>Preempt</c>.</summary>
    Azure,

    /// <summary>GCP: <c>/computeMetadata/v1/instance/preempted</c>, <c>TRUE</c> once preempted.</summary>
    Gcp,
}

/// <summary>What the startup wrapper needs besides the spec: who the replica is, where to report notices, and
/// which metadata service to watch.</summary>
/// <param name="Service">The service name (a DNS label).</param>
/// <param name="ReplicaId">The replica id (letters, digits, '-' and '_').</param>
/// <param name="ReplicaToken">The per-replica secret the model server requires on every request and the watcher
/// presents to <c>/api/notices</c>.</param>
/// <param name="AdminUrl">The admin API's base URL, e.g. <c>https://skyhedge-func.azurewebsites.net</c>.</param>
/// <param name="Metadata">The cloud whose metadata service to poll.</param>
public sealed record StartupSettings(string Service, string ReplicaId, string ReplicaToken, Uri AdminUrl, MetadataFlavor Metadata)
{
    /// <summary>How often the watcher polls (default 5 s: AWS gives 2 minutes of notice, Azure and GCP 30 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
}
