namespace SkyHedge.Emulator.Generation;

/// <summary>
/// The requests in flight on the replica: their number is the batch the performance model prices each decode step
/// at, and their average context (prompt + tokens generated so far) sets how much KV cache a step reads. A request
/// counts from admission (its prefill runs in the same engine) until it ends or its client goes away.
/// </summary>
internal sealed class Batch
{
    private readonly Lock _gate = new();
    private int _count;
    private long _contextTokens;

    /// <summary>Requests in flight.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds a request; dispose the member when it ends.</summary>
    public BatchMember Join(int promptTokens)
    {
        lock (_gate)
        {
            _count++;
            _contextTokens += promptTokens;
        }

        return new BatchMember(this, promptTokens);
    }

    /// <summary>Requests in flight and their average context in tokens (at least 1).</summary>
    public (int Count, int AverageContextTokens) Snapshot()
    {
        lock (_gate)
        {
            return _count == 0 ? (0, 1) : (_count, (int)Math.Max(1, _contextTokens / _count));
        }
    }

    internal void Grow()
    {
        lock (_gate)
        {
            _contextTokens++;
        }
    }

    internal void Leave(long contextTokens)
    {
        lock (_gate)
        {
            _count--;
            _contextTokens -= contextTokens;
        }
    }
}
