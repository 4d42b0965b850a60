using System.Collections.Concurrent;

namespace SkyHedge.Router.Pipeline;

/// <summary>Replicas that just refused or reset a connection (likely preempted): other requests avoid them for
/// <see cref="RouterOptions.SuspectFor"/>, long enough for the control plane's push to take them out, short
/// enough that a blip does not sideline a healthy replica.</summary>
internal sealed class SuspectReplicas(RouterOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public void Mark(string key) => _until[key] = time.GetUtcNow() + options.SuspectFor;

    public bool IsSuspect(string key)
    {
        if (_until.IsEmpty || !_until.TryGetValue(key, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow())
        {
            return true;
        }

        _until.TryRemove(KeyValuePair.Create(key, until));
        return false;
    }
}
