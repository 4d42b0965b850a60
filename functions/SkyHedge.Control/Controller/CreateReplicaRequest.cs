using SkyHedge.Core.Model;

namespace SkyHedge.Control.Controller;

/// <summary>Input of <see cref="ControllerActivities.CreateReplica"/>: a new row, Pending, for this offering.</summary>
public sealed record CreateReplicaRequest(string Service, string ReplicaId, Offering Offering, int SpecVersion);
