using Microsoft.DurableTask;

namespace SkyHedge.Control.Lifecycle;

/// <summary>
/// How orchestrations retry a failed activity (a storage blip, a lock timeout, a dropped connection): five attempts
/// over about half a minute. Without it one transient error would fail the orchestration and leave its replica
/// stuck in a non-terminal state. Every activity is idempotent, so a retry is safe.
/// </summary>
public static class ActivityRetry
{
    public static TaskOptions Options { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(15)));
}
