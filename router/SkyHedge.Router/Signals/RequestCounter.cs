using System.Collections.Concurrent;

namespace SkyHedge.Router.Signals;

/// <summary>Requests per service since the last flush. Counting is a dictionary increment on the request path;
/// <see cref="RequestCountFlusher"/> writes the sums to Table Storage in batches, because every router writing a
/// row per request would contend on one row per minute.</summary>
internal sealed class RequestCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Service, int Cell), StrongBox<long>> _sizes = new();
    private volatile TaskCompletionSource _flushSoon = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when someone asked for an early flush (a request is waiting for a replica).</summary>
    public Task FlushRequested => _flushSoon.Task;

    public void Add(string service, long count = 1) =>
        Interlocked.Add(ref _counts.GetOrAdd(service, _ => new StrongBox<long>()).Value, count);

    /// <summary>Counts one request of <paramref name="service"/> in request-size cell <paramref name="cell"/>
    /// (<c>SizeGrid</c>), for the mixed-GPU planner; <see cref="Add"/> still counts it toward the total.</summary>
    public void AddSize(string service, int cell, long count = 1) =>
        Interlocked.Add(ref _sizes.GetOrAdd((service, cell), _ => new StrongBox<long>()).Value, count);

    /// <summary>Takes the size histograms (resetting them), per service.</summary>
    public IReadOnlyDictionary<string, Dictionary<int, long>> TakeSizes()
    {
        var taken = new Dictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
        foreach (var ((service, cell), box) in _sizes)
        {
            var n = Interlocked.Exchange(ref box.Value, 0);
            if (n > 0)
            {
                (taken.TryGetValue(service, out var h) ? h : taken[service] = [])[cell] = n;
            }
        }

        return taken;
    }

    /// <summary>Puts back sizes a failed flush took.</summary>
    public void AddSizes(string service, IReadOnlyDictionary<int, long> sizes)
    {
        foreach (var (cell, n) in sizes)
        {
            AddSize(service, cell, n);
        }
    }

    /// <summary>Wakes the flusher now instead of at its next interval.</summary>
    public void FlushSoon() => _flushSoon.TrySetResult();

    /// <summary>Takes the counts (resetting them) and re-arms <see cref="FlushRequested"/>.</summary>
    public IReadOnlyList<(string Service, long Count)> Take()
    {
        if (_flushSoon.Task.IsCompleted)
        {
            _flushSoon = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var taken = new List<(string, long)>();
        foreach (var (service, box) in _counts)
        {
            var n = Interlocked.Exchange(ref box.Value, 0);
            if (n > 0)
            {
                taken.Add((service, n));
            }
        }

        return taken;
    }

    internal sealed class StrongBox<T>
    {
        public T Value = default!;
    }
}
