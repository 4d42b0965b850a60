using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Local;

/// <summary>One instance of the local cloud: the replica it runs, its emulator process and its state. Mutated only
/// under the provider's lock.</summary>
internal sealed class LocalReplica
{
    public required string InstanceId { get; init; }

    public required long Sequence { get; init; }

    public required string Service { get; init; }

    public required string ReplicaId { get; init; }

    public required string IdempotencyToken { get; init; }

    public required LocalZone Zone { get; init; }

    public required Market Market { get; init; }

    public required string InstanceType { get; init; }

    public required string Accelerator { get; init; }

    public required int AcceleratorCount { get; init; }

    public required DateTimeOffset LaunchedAt { get; init; }

    public required string LogPath { get; init; }

    /// <summary>Pending until the emulator prints its address, Running after, Stopping while a terminate waits for
    /// it, Preempted once the replay killed it, Terminated when it is gone for any other reason.</summary>
    public InstanceState State { get; set; } = InstanceState.Pending;

    /// <summary>The emulator's base URL (<c>http://127.0.0.1:PORT</c>) once it printed it.</summary>
    public string? Address { get; set; }

    public DateTimeOffset? NoticeAt { get; set; }

    public DateTimeOffset? KillAt { get; set; }

    public EmulatorProcess? Process { get; set; }

    public int? ProcessId { get; set; }

    /// <summary>The terminate in progress or done, shared by every TerminateAsync call.</summary>
    public Task? Stop { get; set; }

    /// <summary>Why it ended (for the log and diagnostics).</summary>
    public string? Reason { get; set; }

    /// <summary>Counts against capacity: starting or running, and not yet told it will be preempted.</summary>
    public bool HoldsSpotCapacity => Market == Market.Spot && NoticeAt is null && State is InstanceState.Pending or InstanceState.Running;

    public bool IsLive => State is InstanceState.Pending or InstanceState.Running or InstanceState.Stopping;

    public CloudInstance ToCloudInstance() => new(
        InstanceId,
        Service,
        ReplicaId,
        Zone.Location,
        Market,
        InstanceType,
        State,
        State == InstanceState.Running ? Address : null,
        LaunchedAt,
        NoticeAt);

    /// <summary>Same replica and offering as an earlier launch with the same token (else the caller derives tokens
    /// wrongly, which would hide a lost launch: EC2's <c>IdempotentParameterMismatch</c>).</summary>
    public bool Matches(LaunchRequest request) =>
        string.Equals(Service, request.Service, StringComparison.Ordinal)
        && string.Equals(ReplicaId, request.ReplicaId, StringComparison.Ordinal)
        && string.Equals(Zone.Zone, request.Offering.Location.Zone, StringComparison.OrdinalIgnoreCase)
        && Market == request.Offering.Market
        && string.Equals(InstanceType, request.Offering.InstanceType, StringComparison.Ordinal);
}
