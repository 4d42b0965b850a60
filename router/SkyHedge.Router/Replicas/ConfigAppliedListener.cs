using System.Collections.Concurrent;
using Yarp.ReverseProxy.Configuration;

namespace SkyHedge.Router.Replicas;

/// <summary>
/// Tells <see cref="ReplicaSet"/> when YARP has applied a revision. <see cref="InMemoryConfigProvider.Update(IReadOnlyList{RouteConfig}, IReadOnlyList{ClusterConfig}, string)"/>
/// only signals a change; YARP applies it from the change callback, so a push must wait for this before answering
/// 200 (the control plane relies on "200 means the next request can go there").
/// </summary>
internal sealed class ConfigAppliedListener : IConfigChangeListener
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes when <paramref name="revision"/> (or a later one) is applied; fails when YARP rejects it.
    /// Call before the update, so the notification cannot be missed.</summary>
    public Task WaitForAsync(string revision) =>
        _waiting.GetOrAdd(revision, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs) =>
        Complete(proxyConfigs, tcs => tcs.TrySetResult());

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception) =>
        Complete(proxyConfigs, tcs => tcs.TrySetException(exception));

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
    }

    private void Complete(IReadOnlyList<IProxyConfig> configs, Action<TaskCompletionSource> action)
    {
        foreach (var config in configs)
        {
            if (config.RevisionId is { } revision)
            {
                if (_waiting.TryRemove(revision, out var waiter))
                {
                    action(waiter);
                }

                // Earlier revisions are superseded: nobody needs to wait for them any more.
                foreach (var key in _waiting.Keys.Where(k => k != revision && IsOlder(k, revision)))
                {
                    if (_waiting.TryRemove(key, out var old))
                    {
                        old.TrySetResult();
                    }
                }
            }
        }
    }

    private static bool IsOlder(string a, string b) =>
        long.TryParse(a, out var x) && long.TryParse(b, out var y) && x < y;
}
