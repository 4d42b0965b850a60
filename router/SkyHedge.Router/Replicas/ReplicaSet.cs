using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace SkyHedge.Router.Replicas;

/// <summary>
/// The router's current services and replicas, and the one way to change them: a new snapshot is published to
/// YARP (<see cref="InMemoryConfigProvider.Update(IReadOnlyList{RouteConfig}, IReadOnlyList{ClusterConfig}, string)"/>)
/// and the call returns once YARP has applied it. Unchanged snapshots are not republished, so the 2 s poll costs a
/// table read and a string comparison.
/// </summary>
internal sealed partial class ReplicaSet(
    InMemoryConfigProvider proxyConfig, ConfigAppliedListener applied, RouterOptions options, TimeProvider time, ILogger<ReplicaSet> logger) : IDisposable
{
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile RouterSnapshot _snapshot = RouterSnapshot.Empty;
    private volatile TaskCompletionSource _changed = NewSignal();
    private long _revision;

    public RouterSnapshot Current => _snapshot;

    /// <summary>Completes at the next published change (held requests wait on it).</summary>
    public Task Changed => _changed.Task;

    /// <summary>When the source was last read successfully, or null before the first read.</summary>
    public DateTimeOffset? LastSync { get; private set; }

    /// <summary>Replaces everything (the poll).</summary>
    public Task<bool> ReplaceAllAsync(IEnumerable<ServiceRoutes> services, CancellationToken cancellationToken) =>
        PublishAsync(_ => RouterSnapshot.Of(services), cancellationToken);

    /// <summary>Replaces one service; null removes it (the push).</summary>
    public Task<bool> ReplaceServiceAsync(string name, ServiceRoutes? service, CancellationToken cancellationToken) =>
        PublishAsync(current => current.With(name, service), cancellationToken);

    private async Task<bool> PublishAsync(Func<RouterSnapshot, RouterSnapshot> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            LastSync = time.GetUtcNow();
            var current = _snapshot;
            var next = change(current);
            if (Fingerprint(next) == Fingerprint(current))
            {
                return false;
            }

            // The snapshot goes first: a replica YARP still lists but the snapshot dropped is skipped by the load
            // balancer, and one the snapshot has but YARP not yet is simply not offered until the update lands.
            _snapshot = next;
            var revision = Interlocked.Increment(ref _revision).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var appliedTask = applied.WaitForAsync(revision);
            proxyConfig.Update(ProxyConfigBuilder.Routes, ProxyConfigBuilder.Clusters(next, options), revision);
            await appliedTask.WaitAsync(ApplyTimeout, cancellationToken).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var draining = next.Replicas.Values.Count(r => r.Draining);
                LogPublished(logger, revision, next.Services.Count, next.Replicas.Count - draining, draining);
            }

            var signal = _changed;
            _changed = NewSignal();
            signal.TrySetResult();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string Fingerprint(RouterSnapshot snapshot) =>
        string.Join("\n\n", snapshot.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Fingerprint()));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Routes revision {Revision}: {Services} services, {Ready} ready and {Draining} draining replicas.")]
    private static partial void LogPublished(ILogger logger, string revision, int services, int ready, int draining);
}
