namespace SkyHedge.Clouds.Fake;

/// <summary>What a programmed <see cref="FakeFault"/> does to the call it hits.</summary>
public enum FakeFaultKind
{
    /// <summary><see cref="Core.Ports.ThrottledException"/>; the call has no effect.</summary>
    Throttle,

    /// <summary><see cref="Core.Ports.QuotaExceededException"/>; the call has no effect.</summary>
    QuotaExceeded,

    /// <summary><see cref="Core.Ports.UnauthorizedException"/>; the call has no effect.</summary>
    Unauthorized,

    /// <summary><see cref="Core.Ports.InvalidSpecException"/>; the call has no effect.</summary>
    InvalidSpec,

    /// <summary><see cref="Core.Ports.InsufficientCapacityException"/> for the launch's location and market
    /// (launch only); the call has no effect.</summary>
    InsufficientCapacity,

    /// <summary>The call TAKES EFFECT (an instance is created, terminated, ...) but the caller gets a
    /// <see cref="TimeoutException"/>, as when the response is lost on the network. This is the case idempotency
    /// tokens exist for.</summary>
    LostResponse,
}
