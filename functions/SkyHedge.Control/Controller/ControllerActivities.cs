namespace SkyHedge.Control.Controller;

/// <summary>Activity names of the service controller.</summary>
public static class ControllerActivities
{
    public const string ObserveService = nameof(ObserveService);
    public const string DecideFleet = nameof(DecideFleet);
    public const string CreateReplica = nameof(CreateReplica);
    public const string StartReplica = nameof(StartReplica);
    public const string SignalReplica = nameof(SignalReplica);
    public const string FinishService = nameof(FinishService);
}
