using SkyHedge.Core.Model;

namespace SkyHedge.Core.Ports;

/// <summary>An instance as a cloud reports it.</summary>
/// <param name="Address">Where the model server listens (host:port or URL) once known.</param>
/// <param name="InterruptionNoticeAt">When the cloud announced this spot instance's preemption, if it did.</param>
public sealed record CloudInstance(
    string InstanceId,
    string Service,
    string ReplicaId,
    Location Location,
    Market Market,
    string InstanceType,
    InstanceState State,
    string? Address,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? InterruptionNoticeAt = null);
