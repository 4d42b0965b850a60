using Amazon.EC2;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>
/// The adapter's own retry of EC2 calls (the SDK's is off): throttling (RequestLimitExceeded, Throttling, 429) and
/// EC2's transient server errors (Unavailable, InternalError) are retried with full-jitter exponential backoff;
/// everything else — capacity errors above all, which EC2 returns as HTTP 500 and the SDK would retry — surfaces at
/// once, so the placer moves to another zone instead of hammering this one.
/// </summary>
internal static class AwsRetry
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, int retries, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (AmazonEC2Exception e) when (attempt < retries && Retryable(e))
            {
                var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool Retryable(AmazonEC2Exception e) =>
        e.ErrorCode is "RequestLimitExceeded" or "Throttling" or "ThrottlingException" or "Unavailable" or "InternalError" or "ServiceUnavailable"
        || (int)e.StatusCode == 429;
}
