namespace SkyHedge.Control.State;

/// <summary>The <see cref="ReplicaEvent.Action"/> values the store itself writes.</summary>
public static class ReplicaEventActions
{
    /// <summary>The replica row was inserted.</summary>
    public const string Created = "created";

    /// <summary>The status changed (other fields may have changed with it).</summary>
    public const string StatusChanged = "status";

    /// <summary>Fields other than the status changed.</summary>
    public const string Updated = "updated";
}
