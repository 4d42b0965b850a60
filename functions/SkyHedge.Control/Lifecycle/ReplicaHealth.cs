using SkyHedge.Control.Probing;

namespace SkyHedge.Control.Lifecycle;

/// <summary>One look at a replica: its instance as the cloud reports it and, when it runs, its readiness probe.</summary>
public sealed record ReplicaHealth(InstanceCheck Instance, ProbeResult? Probe)
{
    public bool Ready => Probe?.Ready == true;
}
