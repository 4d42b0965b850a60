using SkyHedge.Core.Ports;

namespace SkyHedge.Control.Lifecycle;

/// <summary>The replica's instance as the cloud reports it now.</summary>
/// <param name="State">Null when the instance no longer exists.</param>
/// <param name="Noticed">The cloud announced a preemption.</param>
public sealed record InstanceCheck(InstanceState? State, bool Noticed)
{
    public bool Lost => State is null or InstanceState.Preempted or InstanceState.Terminated;
}
