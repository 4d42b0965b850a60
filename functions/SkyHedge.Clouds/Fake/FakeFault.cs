using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Fake;

/// <summary>A failure to inject into a <see cref="FakeCloud"/> call (see <see cref="FakeCloud.Fail"/>).</summary>
/// <param name="Kind">Which error.</param>
/// <param name="RetryAfter">For <see cref="FakeFaultKind.Throttle"/>: the hint the cloud gives.</param>
/// <param name="Detail">Message detail (quota, unauthorized, invalid spec).</param>
/// <param name="CloudCode">The raw cloud code to report; each kind has an AWS-like default.</param>
public sealed record FakeFault(FakeFaultKind Kind, TimeSpan? RetryAfter = null, string? Detail = null, string? CloudCode = null)
{
    public static FakeFault Throttle(TimeSpan? retryAfter = null) => new(FakeFaultKind.Throttle, retryAfter);

    public static FakeFault Quota(string detail = "programmed quota fault") => new(FakeFaultKind.QuotaExceeded, Detail: detail);

    public static FakeFault Unauthorized(string detail = "programmed unauthorized fault") => new(FakeFaultKind.Unauthorized, Detail: detail);

    public static FakeFault InvalidSpec(string detail = "programmed invalid-spec fault") => new(FakeFaultKind.InvalidSpec, Detail: detail);

    public static FakeFault InsufficientCapacity() => new(FakeFaultKind.InsufficientCapacity);

    public static FakeFault LostResponse() => new(FakeFaultKind.LostResponse);

    /// <summary>The exception this fault raises for a call on <paramref name="cloud"/> (location and market only for
    /// launches).</summary>
    internal Exception ToException(string cloud, FakeOperation operation, Location? location, Market? market) => Kind switch
    {
        FakeFaultKind.Throttle => new ThrottledException(cloud, RetryAfter, CloudCode ?? "RequestLimitExceeded"),
        FakeFaultKind.QuotaExceeded => new QuotaExceededException(cloud, Detail ?? "quota", CloudCode ?? "VcpuLimitExceeded"),
        FakeFaultKind.Unauthorized => new UnauthorizedException(cloud, Detail ?? "unauthorized", CloudCode ?? "UnauthorizedOperation"),
        FakeFaultKind.InvalidSpec => new InvalidSpecException(cloud, Detail ?? "invalid", CloudCode ?? "InvalidParameterValue"),
        FakeFaultKind.InsufficientCapacity when location is not null && market is { } m =>
            new InsufficientCapacityException(cloud, location, m, CloudCode ?? "InsufficientInstanceCapacity"),
        FakeFaultKind.LostResponse => new TimeoutException($"{cloud}: {operation} took effect but its response was lost (programmed fault)"),
        _ => throw new InvalidOperationException($"Fault {Kind} cannot apply to {operation}."),
    };
}
