using SkyHedge.Core.Performance;

namespace SkyHedge.Emulator.Generation;

/// <summary>
/// The emulated GPU's timing: the core <see cref="GpuPerformanceModel"/> (the one formula; nothing here recomputes
/// it) evaluated at the replica's current batch, divided by the time scale.
/// </summary>
internal sealed class PerformanceClock(GpuPerformanceModel model, Batch batch, double timeScale, TimeProvider time)
{
    public TimeProvider Time => time;

    /// <summary>Time to the first token of a prompt of <paramref name="promptTokens"/>.</summary>
    public TimeSpan FirstTokenGap(int promptTokens) => model.TimeToFirstToken(promptTokens) / timeScale;

    /// <summary>Time to the next token of any request, at the batch in flight now.</summary>
    public TimeSpan NextTokenGap()
    {
        // Every request in flight was admitted only if its whole sequence fits the KV cache, so the average does too.
        var (count, context) = batch.Snapshot();
        return model.TimePerOutputToken(Math.Max(1, count), context) / timeScale;
    }

    /// <summary>A pacer for one request.</summary>
    public TokenPacer Start(BatchMember member, int promptTokens) => new(this, member, promptTokens);
}
