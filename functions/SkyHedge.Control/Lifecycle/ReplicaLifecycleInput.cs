namespace SkyHedge.Control.Lifecycle;

/// <summary>A replica orchestration's input; <paramref name="FailedProbes"/> carries the count of consecutive
/// failed probes across ContinueAsNew generations.</summary>
public sealed record ReplicaLifecycleInput(string Service, string ReplicaId, ControlOptions Options, int FailedProbes = 0)
{
    public ReplicaKey Key => new(Service, ReplicaId);
}
