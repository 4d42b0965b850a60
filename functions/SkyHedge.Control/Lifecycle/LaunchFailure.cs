namespace SkyHedge.Control.Lifecycle;

/// <summary>How a launch failed, mapped from the typed cloud errors.</summary>
public enum LaunchFailure
{
    None,
    InsufficientCapacity,
    QuotaExceeded,
    Throttled,
    Unauthorized,
    InvalidSpec,
}
