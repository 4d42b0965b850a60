namespace SkyHedge.Control.Lifecycle;

/// <summary>The result of the launch activity. Errors come back as data so the orchestration decides (retry a
/// throttle after <paramref name="RetryAfterSeconds"/>, give up on capacity) without exception plumbing.</summary>
public sealed record LaunchOutcome(string? InstanceId, LaunchFailure Failure, string? Message, double? RetryAfterSeconds)
{
    public bool Launched => Failure == LaunchFailure.None && InstanceId is not null;
}
