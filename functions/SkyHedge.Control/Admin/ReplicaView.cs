using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>A replica as the admin API shows it.</summary>
/// <param name="Version">The spec version it runs.</param>
/// <param name="EndReason">Why it ended, once it has (terminal); null while it lives.</param>
/// <param name="Url">Its address (where the router sends requests), once known.</param>
internal sealed record ReplicaView(
    string Id,
    int Version,
    ReplicaStatus Status,
    string Cloud,
    string Region,
    string Zone,
    Market Market,
    string Accelerator,
    string InstanceType,
    decimal PricePerHour,
    DateTimeOffset? LaunchedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    string? Url);
