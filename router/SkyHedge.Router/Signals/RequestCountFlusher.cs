using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkyHedge.Control.State;

namespace SkyHedge.Router.Signals;

/// <summary>Writes <see cref="RequestCounter"/>'s sums to the state store's request counts (ten-second buckets) every
/// <see cref="RouterOptions.CountFlushInterval"/> (or at once when a request is held for lack of replicas). A
/// failed write keeps its counts for the next flush, so a storage blip loses nothing; they are flushed once more
/// on shutdown.</summary>
internal sealed partial class RequestCountFlusher(
    RequestCounter counter, IStateStore? store, RouterOptions options, TimeProvider time, ILogger<RequestCountFlusher> logger) : BackgroundService
{
    /// <summary>Writes what has been counted so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var taken = counter.Take();
        var sizes = counter.TakeSizes();
        if (store is null)
        {
            return; // a router on a replicas file has no tables: the counts live only in the metrics
        }

        var now = time.GetUtcNow();
        foreach (var (service, count) in taken)
        {
            var histogram = sizes.GetValueOrDefault(service);
            try
            {
                await store.IncrementRequestCountAsync(service, now, count, histogram, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                counter.Add(service, count);
                if (histogram is not null)
                {
                    counter.AddSizes(service, histogram);
                }

                LogFailed(logger, service, count, ex.Message);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var requested = counter.FlushRequested;
                await Task.WhenAny(requested, Task.Delay(options.CountFlushInterval, time, stoppingToken)).ConfigureAwait(false);
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await FlushAsync(last.Token).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} request counts of {Service} ({Error}); kept for the next flush.")]
    private static partial void LogFailed(ILogger logger, string service, long count, string error);
}
