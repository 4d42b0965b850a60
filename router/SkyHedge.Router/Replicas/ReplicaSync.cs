using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SkyHedge.Router.Replicas;

/// <summary>Keeps <see cref="ReplicaSet"/> current: reads the source every <see cref="RouterOptions.PollInterval"/>
/// and, on a push from the control plane, re-reads the one service at once.</summary>
internal sealed partial class ReplicaSync(IReplicaSource source, ReplicaSet replicas, RouterOptions options, TimeProvider time, ILogger<ReplicaSync> logger)
    : BackgroundService
{
    private static readonly TimeSpan DiscoverEvery = TimeSpan.FromSeconds(1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Task<ServiceRoutes?> Lookup, DateTimeOffset At)> _lookups = new(StringComparer.Ordinal);
    private bool _failing;

    /// <summary>
    /// Looks for a service the router does not know yet (created since the last poll: the control plane pushes
    /// replica transitions, not new services). One read per name per second at most, shared by every request that
    /// asks meanwhile, so unknown models cannot turn into a storage read per request. Never throws: a failed read
    /// is the poll's business.
    /// </summary>
    public Task<ServiceRoutes?> DiscoverAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lookups.TryGetValue(name, out var recent) && (!recent.Lookup.IsCompleted || now - recent.At < DiscoverEvery))
        {
            return recent.Lookup.WaitAsync(cancellationToken);
        }

        if (_lookups.Count > 10_000)
        {
            _lookups.Clear(); // bounded: a flood of made-up model names must not grow it
        }

        var lookup = LookUpAsync(name);
        _lookups[name] = (lookup, now);
        return lookup.WaitAsync(cancellationToken);
    }

    /// <summary>Re-reads one service and publishes it; returns it (null: it no longer exists).</summary>
    /// <exception cref="Exception">The source cannot be read; nothing changed.</exception>
    public async Task<ServiceRoutes?> RefreshServiceAsync(string name, CancellationToken cancellationToken)
    {
        var service = await source.LoadServiceAsync(name, cancellationToken).ConfigureAwait(false);
        await replicas.ReplaceServiceAsync(name, service, cancellationToken).ConfigureAwait(false);
        return service;
    }

    private async Task<ServiceRoutes?> LookUpAsync(string name)
    {
        try
        {
            return await RefreshServiceAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Reads everything once; false (logged) when the source failed.</summary>
    public async Task<bool> RefreshAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var services = await source.LoadAllAsync(cancellationToken).ConfigureAwait(false);
            await replicas.ReplaceAllAsync(services, cancellationToken).ConfigureAwait(false);
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Keep routing with the last good set: a storage blip must not empty the router. Log once per outage.
            if (!_failing)
            {
                _failing = true;
                LogFailed(logger, ex.GetType().Name, ex.Message);
            }

            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, time);
        try
        {
            do
            {
                await RefreshAllAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping (or the host disposed without a stop): not a failure worth a critical log line.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the replica set ({Error}: {Message}); routing with the last one read.")]
    private static partial void LogFailed(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the replica set works again.")]
    private static partial void LogRecovered(ILogger logger);
}
