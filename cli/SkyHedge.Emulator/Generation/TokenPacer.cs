namespace SkyHedge.Emulator.Generation;

/// <summary>
/// Paces one request's tokens: the first after the time to first token, each next one after the time per output token
/// at the batch in flight when the previous one came out. Gaps add up on a schedule that starts at admission, so the
/// timer's small lateness on each wait does not accumulate: the total stays TTFT + Σ TPOT. A stall longer than a whole
/// gap (a GC pause, JIT on a cold process, a client reading slowly) is not caught up with a burst of tokens: the
/// schedule resumes from now, as a GPU that had stalled would.
/// </summary>
internal sealed class TokenPacer
{
    private readonly PerformanceClock _clock;
    private readonly BatchMember _member;
    private readonly int _promptTokens;
    private readonly long _start;
    private TimeSpan _due;
    private bool _started;

    internal TokenPacer(PerformanceClock clock, BatchMember member, int promptTokens)
    {
        _clock = clock;
        _member = member;
        _promptTokens = promptTokens;
        _start = clock.Time.GetTimestamp();
    }

    /// <summary>Waits until the next token is due, then counts it into the request's context.</summary>
    /// <exception cref="OperationCanceledException">The client went away.</exception>
    public async Task NextTokenAsync(CancellationToken cancellationToken)
    {
        var gap = _started ? _clock.NextTokenGap() : _clock.FirstTokenGap(_promptTokens);
        var now = _clock.Time.GetElapsedTime(_start);
        if (now - _due > gap)
        {
            _due = now;
        }

        _due += gap;
        _started = true;
        var wait = _due - now;
        if (wait > TimeSpan.Zero)
        {
            // Timers count whole milliseconds and drop the fraction, which would let a token out early; round up
            // instead (the schedule absorbs the difference at the next token).
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _clock.Time, cancellationToken).ConfigureAwait(false);
        }

        _member.Advance();
    }
}
