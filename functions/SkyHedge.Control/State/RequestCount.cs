namespace SkyHedge.Control.State;

/// <summary>Requests the router counted for a service in one bucket of <see cref="BucketLength"/>.</summary>
/// <param name="BucketStart">The start of the bucket (UTC, a multiple of <see cref="BucketLength"/>).</param>
/// <param name="Count">Requests in that bucket.</param>
public sealed record RequestCount(DateTimeOffset BucketStart, long Count)
{
    /// <summary>How much time one count row covers. Ten seconds keeps the autoscaler's 60 s window within a
    /// sixth of a bucket of exact (a minute bucket let a finished load step linger for up to two minutes) while a
    /// day is still only 8,640 small rows per service.</summary>
    public static readonly TimeSpan BucketLength = TimeSpan.FromSeconds(10);
}
