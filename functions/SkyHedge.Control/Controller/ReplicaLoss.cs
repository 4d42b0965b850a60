namespace SkyHedge.Control.Controller;

/// <summary>A spot replica that ended badly since the previous decision: a refused launch or a preemption.</summary>
public sealed record ReplicaLoss(string ZoneKey, bool FailedLaunch);
