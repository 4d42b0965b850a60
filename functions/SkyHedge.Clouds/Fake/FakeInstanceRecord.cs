using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Fake;

/// <summary>
/// One instance as the fake cloud stores it (persisted state). Only instants are stored; the state is derived from
/// them and "now" on every read (<see cref="StateAt"/>), so Pending → Running, scheduled preemptions and reaping
/// happen without background threads and follow a fake clock exactly.
/// </summary>
internal sealed class FakeInstanceRecord
{
    public string InstanceId { get; set; } = "";

    /// <summary>Creation order; breaks ties between instances launched at the same instant.</summary>
    public long Sequence { get; set; }

    public string Cloud { get; set; } = "";

    public string Service { get; set; } = "";

    public string ReplicaId { get; set; } = "";

    public string IdempotencyToken { get; set; } = "";

    public Location Location { get; set; } = new("", "", "");

    public Market Market { get; set; }

    public string InstanceType { get; set; } = "";

    /// <summary>Reported only while Running: clouds hand out the address once the VM is up.</summary>
    public string? Address { get; set; }

    public DateTimeOffset LaunchedAt { get; set; }

    /// <summary>LaunchedAt + the launch latency in force at launch.</summary>
    public DateTimeOffset ReadyAt { get; set; }

    public DateTimeOffset? NoticeAt { get; set; }

    /// <summary>When the cloud takes it back; may lie in the future (a notice announced it).</summary>
    public DateTimeOffset? PreemptAt { get; set; }

    /// <summary>When we terminated it (TerminateAsync or an explicit reap).</summary>
    public DateTimeOffset? TerminatedAt { get; set; }

    public InstanceState StateAt(DateTimeOffset now, TimeSpan? reapDelay)
    {
        if (TerminatedAt is not null)
        {
            return InstanceState.Terminated;
        }

        if (PreemptAt is { } preemptAt && preemptAt <= now)
        {
            return reapDelay is { } delay && preemptAt + delay <= now ? InstanceState.Terminated : InstanceState.Preempted;
        }

        return now < ReadyAt ? InstanceState.Pending : InstanceState.Running;
    }

    /// <summary>Pending or Running: holds capacity and costs money.</summary>
    public bool IsLiveAt(DateTimeOffset now) => StateAt(now, null) is InstanceState.Pending or InstanceState.Running;

    /// <summary>Was taken back by the cloud by <paramref name="now"/> (before we terminated it, if we did).</summary>
    public bool WasPreemptedBy(DateTimeOffset now) =>
        PreemptAt is { } p && p <= now && (TerminatedAt is not { } t || p <= t);

    public bool IsFor(string cloud) => string.Equals(Cloud, cloud, StringComparison.OrdinalIgnoreCase);

    public CloudInstance ToCloudInstance(DateTimeOffset now, TimeSpan? reapDelay)
    {
        var state = StateAt(now, reapDelay);
        return new CloudInstance(
            InstanceId,
            Service,
            ReplicaId,
            Location,
            Market,
            InstanceType,
            state,
            state == InstanceState.Running ? Address : null,
            LaunchedAt,
            NoticeAt is { } notice && notice <= now ? notice : null);
    }
}
