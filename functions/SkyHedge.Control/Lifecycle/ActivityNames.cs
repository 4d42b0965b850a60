namespace SkyHedge.Control.Lifecycle;

/// <summary>Activity names, shared by orchestrators (callers) and registrations.</summary>
public static class ActivityNames
{
    public const string LoadReplica = nameof(LoadReplica);
    public const string TransitionReplica = nameof(TransitionReplica);
    public const string LaunchReplica = nameof(LaunchReplica);
    public const string CheckInstance = nameof(CheckInstance);
    public const string ProbeReplica = nameof(ProbeReplica);
    public const string TerminateInstance = nameof(TerminateInstance);
}
