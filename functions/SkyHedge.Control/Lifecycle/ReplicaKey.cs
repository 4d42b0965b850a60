namespace SkyHedge.Control.Lifecycle;

/// <summary>Which replica an activity works on.</summary>
public sealed record ReplicaKey(string Service, string ReplicaId);
