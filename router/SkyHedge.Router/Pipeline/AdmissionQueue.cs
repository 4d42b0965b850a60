using System.Collections.Concurrent;
using SkyHedge.Router.Replicas;
using SkyHedge.Router.Requests;
using SkyHedge.Router.Signals;

namespace SkyHedge.Router.Pipeline;

/// <summary>
/// Holds requests for a service that has no Ready replica (scaled to zero, or every replica just preempted) until
/// one appears, instead of failing them at once (SkyServe users hit exactly that, skypilot #2893). Bounded per
/// service; a request that waits too long gets 503 with Retry-After. Every held request is counted and flushed to
/// the autoscaler at once, so demand on an empty service starts a launch without waiting for the next flush.
/// </summary>
internal sealed class AdmissionQueue(ReplicaSet replicas, RequestCounter counter, RouterMetrics metrics, RouterOptions options, TimeProvider time)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, int> _depth = new(StringComparer.Ordinal);

    /// <summary>The service once it has a Ready replica.</summary>
    /// <exception cref="RequestRejectedException">503: the queue is full or the wait timed out; 404: the service
    /// was deleted while the request waited.</exception>
    public async Task<ServiceRoutes> WaitForReplicaAsync(string service, CancellationToken cancellationToken)
    {
        var depth = _depth.AddOrUpdate(service, 1, (_, n) => n + 1);
        try
        {
            if (depth > options.QueueLimit)
            {
                throw new RequestRejectedException(
                    503, $"The model '{service}' has no ready replica and {options.QueueLimit} requests are already waiting for one.", "server_error", "queue_full", RetryAfter);
            }

            metrics.QueueChanged(service, +1);
            counter.FlushSoon();
            var deadline = time.GetUtcNow() + options.QueueTimeout;
            while (true)
            {
                var changed = replicas.Changed; // taken before reading, so a change in between is not missed
                if (!replicas.Current.Services.TryGetValue(service, out var routes))
                {
                    throw new RequestRejectedException(404, $"The model '{service}' was deleted.", "invalid_request_error", "model_not_found");
                }

                if (routes.ReadyCount > 0)
                {
                    return routes;
                }

                var left = deadline - time.GetUtcNow();
                try
                {
                    await changed.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    throw new RequestRejectedException(
                        503, $"The model '{service}' has no ready replica; waited {options.QueueTimeout.TotalSeconds:0} s for one to start.", "server_error", "no_replica", RetryAfter);
                }
            }
        }
        finally
        {
            if (depth <= options.QueueLimit)
            {
                metrics.QueueChanged(service, -1);
            }

            _depth.AddOrUpdate(service, 0, (_, n) => n - 1);
        }
    }
}
