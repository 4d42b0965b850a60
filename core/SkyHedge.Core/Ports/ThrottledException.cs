namespace SkyHedge.Core.Ports;

/// <summary>The cloud API is throttling us. Retry after <see cref="RetryAfter"/> (when the cloud said) with
/// jittered exponential backoff.</summary>
public sealed class ThrottledException(string cloud, TimeSpan? retryAfter, string? cloudCode = null, Exception? inner = null)
    : CloudException(cloud, cloudCode, $"{cloud}: throttled{(retryAfter is { } r ? $", retry after {r.TotalSeconds:0.#} s" : "")}{InsufficientCapacityException.Code(cloudCode)}", inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
