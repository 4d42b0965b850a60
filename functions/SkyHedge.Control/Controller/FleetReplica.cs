using SkyHedge.Core.Model;

namespace SkyHedge.Control.Controller;

/// <summary>A live replica as the controller sees it.</summary>
/// <param name="ZoneKey">Its location key (spot), or null for on-demand.</param>
/// <param name="Accelerator">Its GPU type.</param>
/// <param name="Noticed">Draining because its cloud announced a preemption.</param>
public sealed record FleetReplica(string Id, string? ZoneKey, Market Market, DateTimeOffset CreatedAt, ReplicaStatus Status, int SpecVersion, string? Accelerator = null, bool Noticed = false)
{
    public bool Ready => Status == ReplicaStatus.Ready;

    /// <summary>Counts toward the fleet: launching, starting or serving (not draining or shutting down).</summary>
    public bool Counts => Status is ReplicaStatus.Pending or ReplicaStatus.Provisioning or ReplicaStatus.Starting
        or ReplicaStatus.Ready or ReplicaStatus.NotReady;
}
