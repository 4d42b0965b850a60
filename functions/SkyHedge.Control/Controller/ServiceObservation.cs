using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Controller;

/// <summary>Everything a decision needs, gathered by one activity.</summary>
/// <param name="Exists">False once the service row is gone.</param>
/// <param name="Zones">Spot locations, in a stable order (sorted by key).</param>
/// <param name="OnDemand">The offering on-demand replicas are bought at (the cheapest), if any.</param>
/// <param name="Target">The replica target: min_replicas for a fixed size, else the request-rate autoscaler's.</param>
/// <param name="Losses">Spot replicas preempted or refused since the previous decision.</param>
/// <param name="Scale">The autoscaler's state after this decision, for the controller to carry to the next.</param>
/// <param name="Groups">The GPU types the service is planned over (a <c>mix:</c> with an SLO and two or more GPU
/// types); null for one group of every zone.</param>
/// <param name="Mix">The mixed-GPU plan's inputs, with <paramref name="Groups"/>.</param>
/// <param name="Routing">The service's stored routing table (JSON), to rewrite only when the plan changes it.</param>
public sealed record ServiceObservation(
    bool Exists,
    bool Deleting,
    int SpecVersion,
    int Target,
    ReplicaPolicySpec Policy,
    bool UseSpot,
    IReadOnlyList<ZoneOffer> Zones,
    Offering? OnDemand,
    IReadOnlyList<FleetReplica> Replicas,
    IReadOnlyList<ReplicaLoss> Losses,
    DateTimeOffset ObservedAt,
    ScaleState? Scale = null,
    IReadOnlyList<GpuGroup>? Groups = null,
    MixInput? Mix = null,
    string? Routing = null)
{
    /// <summary><see cref="Groups"/>, or the one group of every zone and the on-demand offering.</summary>
    public IReadOnlyList<GpuGroup> AllGroups => Groups ?? [new GpuGroup(null, [.. Enumerable.Range(0, Zones.Count)], OnDemand)];

    public static ServiceObservation Gone(DateTimeOffset at) =>
        new(false, false, 0, 0, new ReplicaPolicySpec(), false, [], null, [], [], at);
}
