namespace SkyHedge.Cli.Admin;

/// <summary>A replica as the admin API shows it (<c>GET /api/services/{name}/replicas</c>).</summary>
internal sealed record ReplicaInfo(
    string Id,
    int Version,
    string Status,
    string Cloud,
    string Region,
    string Zone,
    string Market,
    string Accelerator,
    string InstanceType,
    decimal PricePerHour,
    DateTimeOffset? LaunchedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    string? Url)
{
    /// <summary>The statuses a replica never leaves (the API's ReplicaStatus terminal states, snake_case).</summary>
    private static readonly HashSet<string> Terminal = new(StringComparer.Ordinal)
    {
        "terminated", "preempted", "failed_provision", "failed_initial_delay", "failed_probing", "failed", "failed_cleanup",
    };

    /// <summary>Still holds (or is getting) an instance: not in a terminal status.</summary>
    public bool IsLive => !Terminal.Contains(Status);
}
