namespace SkyHedge.Emulator.Generation;

/// <summary>One request's place in the <see cref="Batch"/>: its context grows by a token per generated token, and
/// disposing it (once) takes the request out.</summary>
internal sealed class BatchMember : IDisposable
{
    private readonly Batch _batch;
    private long _contextTokens;
    private int _left;

    internal BatchMember(Batch batch, int promptTokens)
    {
        _batch = batch;
        _contextTokens = promptTokens;
    }

    /// <summary>Counts one generated token into the request's context.</summary>
    public void Advance()
    {
        Interlocked.Increment(ref _contextTokens);
        _batch.Grow();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            _batch.Leave(Interlocked.Read(ref _contextTokens));
        }
    }
}
