using SkyHedge.Control.Lifecycle;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Controller;

/// <summary>Input of <see cref="ControllerActivities.ObserveService"/>.</summary>
public sealed record ObserveRequest(string Service, DateTimeOffset? Since);

/// <summary>Input of <see cref="ControllerActivities.DecideFleet"/>.</summary>
public sealed record DecideRequest(string Service, ServiceObservation Observation, ControllerMemory Memory, ControlOptions Options, int Iteration);

/// <summary>Input of <see cref="ControllerActivities.CreateReplica"/>: a new row, Pending, for this offering.</summary>
public sealed record CreateReplicaRequest(string Service, string ReplicaId, Offering Offering, int SpecVersion);

/// <summary>Input of <see cref="ControllerActivities.StartReplica"/> and <see cref="ControllerActivities.SignalReplica"/>.</summary>
public sealed record ReplicaCommand(ReplicaKey Key, ControlOptions Options, ReplicaSignal Signal = ReplicaSignal.Terminate);
