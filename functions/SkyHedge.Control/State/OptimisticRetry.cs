using Azure;

namespace SkyHedge.Control.State;

/// <summary>
/// Runs one read-modify-write attempt until it does not lose a race. A lost race is HTTP 412 (the row's ETag
/// changed since it was read) or 409 (a row the attempt meant to create appeared meanwhile): the attempt re-reads
/// and re-applies the caller's change, so a concurrent write is never overwritten blindly.
/// </summary>
/// <remarks>The backoff waits on the real clock on purpose: it spaces out I/O against a shared table, and a fake
/// <see cref="TimeProvider"/> that tests use for timestamps must not be able to stall it.</remarks>
internal sealed class OptimisticRetry(TableStateStoreOptions options)
{
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (IsLostRace(ex) && n < options.MaxAttempts)
            {
                await Task.Delay(Backoff(n), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (IsLostRace(ex))
            {
                throw new StateConflictException(what, n, ex);
            }
        }
    }

    private static bool IsLostRace(RequestFailedException ex) => ex.Status is 412 or 409;

    private TimeSpan Backoff(int failedAttempts)
    {
        var cap = Math.Min(options.RetryMaxDelay.Ticks, options.RetryBaseDelay.Ticks << Math.Min(failedAttempts - 1, 20));
#pragma warning disable CA5394 // jitter only de-synchronises retries; it protects nothing.
        return TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * cap));
#pragma warning restore CA5394
    }
}
