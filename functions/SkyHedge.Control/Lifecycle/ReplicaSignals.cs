namespace SkyHedge.Control.Lifecycle;

/// <summary>Names shared by the orchestrations and whoever signals them.</summary>
public static class ReplicaSignals
{
    /// <summary>The external event a <see cref="ReplicaSignal"/> travels as.</summary>
    public const string EventName = "replica-signal";

    /// <summary>A replica orchestration's instance id: derived from the replica id, so starting it twice is a
    /// no-op and anyone can signal it.</summary>
    public static string InstanceId(string service, string replicaId) => $"replica:{service}:{replicaId}";

    /// <summary>A service controller's instance id: one per service.</summary>
    public static string ControllerId(string service) => $"controller:{service}";
}
