namespace SkyHedge.Control.Lifecycle;

/// <summary>Activity names, shared by orchestrators (callers) and registrations.</summary>
public static class ActivityNames
{
    public const string LoadReplica = nameof(LoadReplica);
    public const string TransitionReplica = nameof(TransitionReplica);
    public const string LaunchReplica = nameof(LaunchReplica);
    public const string ObserveReplica = nameof(ObserveReplica);
    public const string TerminateInstance = nameof(TerminateInstance);
}
