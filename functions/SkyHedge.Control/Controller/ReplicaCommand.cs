using SkyHedge.Control.Lifecycle;

namespace SkyHedge.Control.Controller;

/// <summary>Input of <see cref="ControllerActivities.StartReplica"/> and <see cref="ControllerActivities.SignalReplica"/>.</summary>
public sealed record ReplicaCommand(ReplicaKey Key, ControlOptions Options, ReplicaSignal Signal = ReplicaSignal.Terminate);
