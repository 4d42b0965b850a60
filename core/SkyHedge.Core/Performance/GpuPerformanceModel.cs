using System.Globalization;
using SkyHedge.Core.Catalog;

namespace SkyHedge.Core.Performance;

/// <summary>
/// How fast one replica (one GPU) serves a model: the single performance formula of SkyHedge. The emulator paces its
/// tokens with it and the mixed-GPU planner is to derive per-GPU capacity from it, so both agree. Pure: no clock, no
/// I/O. See <c>Performance/README.md</c> for the assumptions and a table of what it gives for every GPU.
/// </summary>
/// <remarks>
/// <para>The model, with <c>P</c> parameters, <c>W</c> weight bytes, <c>kv</c> KV bytes per token, and the GPU's
/// memory <c>M</c> (GB = 10⁹ bytes), bandwidth <c>B</c> (GB/s) and FP16 tensor peak <c>F</c> (TFLOPS), derated by the
/// profile's utilisations <c>uB</c>, <c>uF</c>:</para>
/// <list type="bullet">
/// <item>prefill (compute-bound): <c>2·P·prompt / (F·uF)</c>;</item>
/// <item>decode step of <c>b</c> sequences of average context <c>c</c> (memory-bound, with a compute roof):
/// <c>max((W + b·c·kv) / (B·uB), 2·P·b / (F·uF))</c> — one step yields one token for each sequence;</item>
/// <item>time to first token: prefill + one decode step of that sequence alone;</item>
/// <item>KV capacity: <c>(M − W) / kv</c> tokens; at most <c>capacity / c</c> sequences run at once, and never more
/// than the serving stack's batch limit (<see cref="ModelProfile.MaxBatchSize"/>);</item>
/// <item>time per output token at concurrency <c>n</c>: the step time of <c>min(n, maxBatch)</c> sequences, times
/// <c>⌈n / maxBatch⌉</c> when more requests are in flight than fit (they share the steps evenly).</item>
/// </list>
/// <para>Ignored on purpose: attention FLOPs in prefill (under 5% of the total below 1k tokens for a 7B model),
/// queueing of one prefill behind another, activation memory and the CUDA context (decimal GB understate the GPUs'
/// binary-GiB memory by 7%, which roughly stands in for them), and interconnect (one GPU per replica).</para>
/// <para>A GPU whose memory cannot hold the weights plus one token of KV cache does not fit the model:
/// <see cref="Fits"/> is false, <see cref="MaxBatch"/> and <see cref="KvCapacityTokens"/> are 0 (zero capacity, so a
/// planner can simply skip it) and the time methods throw <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public sealed class GpuPerformanceModel
{
    private const double BytesPerGb = 1e9;
    private const double FlopsPerTflop = 1e12;

    private readonly double _effectiveBytesPerSecond;
    private readonly double _effectiveFlopsPerSecond;

    /// <summary>A model of <paramref name="model"/> on one <paramref name="gpu"/>.</summary>
    /// <exception cref="ArgumentException">The profile has a value out of range (<see cref="ModelProfile.Validate"/>).</exception>
    public GpuPerformanceModel(GpuSpec gpu, ModelProfile model)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        Gpu = gpu;
        Model = model;
        _effectiveBytesPerSecond = gpu.MemoryBandwidthGbps * BytesPerGb * model.BandwidthUtilization;
        _effectiveFlopsPerSecond = gpu.Fp16Tflops * FlopsPerTflop * model.ComputeUtilization;
        var free = (gpu.MemoryGb * BytesPerGb) - model.WeightBytes;
        KvCapacityTokens = free <= 0 ? 0 : (long)Math.Floor(free / model.KvBytesPerToken);
    }

    public GpuSpec Gpu { get; }

    public ModelProfile Model { get; }

    /// <summary>Tokens of KV cache that fit beside the weights: <c>(M − W) / kv</c>, or 0 when the weights do not fit.</summary>
    public long KvCapacityTokens { get; }

    /// <summary>True when the weights and at least one token of KV cache fit in memory.</summary>
    public bool Fits => KvCapacityTokens > 0;

    /// <summary>The longest sequence (prompt + output) one replica can serve: the model's context limit or the KV
    /// capacity, whichever is smaller; 0 when the model does not fit.</summary>
    public int MaxContextTokens => (int)Math.Min(Model.MaxContextTokens, KvCapacityTokens);

    /// <summary>The spec of <paramref name="gpu"/> (id or alias) from the embedded table, with
    /// <paramref name="model"/> (default <see cref="ModelProfile.Llama2_7B"/>).</summary>
    /// <exception cref="ArgumentException">The table has no spec for <paramref name="gpu"/>; the message lists those it
    /// has. (<c>V100-32GB</c> has none: no published source is in the data set.)</exception>
    public static GpuPerformanceModel For(string gpu, ModelProfile? model = null)
    {
        var spec = GpuCatalog.Default.Find(gpu)
            ?? throw new ArgumentException(
                $"No GPU spec for '{gpu}'. GPUs with specs: {string.Join(", ", GpuCatalog.Default.All.Select(g => g.Id))}.", nameof(gpu));
        return new GpuPerformanceModel(spec, model ?? ModelProfile.Llama2_7B);
    }

    /// <summary>How many sequences of <paramref name="contextTokens"/> tokens each run at once: as many as fit in the
    /// KV cache, <c>⌊KvCapacityTokens / contextTokens⌋</c>, but at most the profile's
    /// <see cref="ModelProfile.MaxBatchSize"/>; 0 when not even one fits (or the model does not).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="contextTokens"/> is below 1.</exception>
    public int MaxBatch(int contextTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextTokens, 1);
        return (int)Math.Min(Model.MaxBatchSize, KvCapacityTokens / contextTokens);
    }

    /// <summary>The compute-bound prefill of a prompt: <c>2 · P · promptTokens / (F · uF)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="promptTokens"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The model does not fit on this GPU.</exception>
    public TimeSpan PrefillTime(int promptTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        EnsureFits();
        return TimeSpan.FromSeconds(2 * Model.Parameters * promptTokens / _effectiveFlopsPerSecond);
    }

    /// <summary>Time to first token of a request alone on the replica: its prefill plus one decode step of batch 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="promptTokens"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The model does not fit on this GPU.</exception>
    public TimeSpan TimeToFirstToken(int promptTokens) => PrefillTime(promptTokens) + DecodeStepTime(1, promptTokens);

    /// <summary>
    /// One decode step of <paramref name="batchSize"/> sequences whose context averages
    /// <paramref name="avgContextTokens"/>: every weight and every cached K/V value is read once,
    /// <c>(W + b · c · kv) / (B · uB)</c>, unless the batch's <c>2 · P · b</c> FLOPs take longer (the compute roof,
    /// reached only at batches far above what the KV cache of the GPUs here holds). Memory capacity is not checked
    /// here; <see cref="TimePerOutputToken"/> applies it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1 or
    /// <paramref name="avgContextTokens"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The model does not fit on this GPU.</exception>
    public TimeSpan DecodeStepTime(int batchSize, int avgContextTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(avgContextTokens);
        EnsureFits();
        var bytes = Model.WeightBytes + ((double)batchSize * avgContextTokens * Model.KvBytesPerToken);
        var memorySeconds = bytes / _effectiveBytesPerSecond;
        var computeSeconds = 2 * Model.Parameters * batchSize / _effectiveFlopsPerSecond;
        var cpuSeconds = Model.StepOverheadSeconds + (batchSize * Model.SequenceOverheadSeconds);
        return TimeSpan.FromSeconds(Math.Max(memorySeconds, computeSeconds) + cpuSeconds);
    }

    /// <summary>
    /// Time between two output tokens of one request while <paramref name="concurrency"/> requests of about
    /// <paramref name="contextTokens"/> tokens of context are in flight on the replica. Up to
    /// <see cref="MaxBatch"/> run as one batch; beyond that the requests share the steps evenly, so each waits
    /// <c>⌈concurrency / maxBatch⌉</c> steps per token (throughput stays capped at a full batch per step).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="concurrency"/> or
    /// <paramref name="contextTokens"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The model does not fit on this GPU, or a single sequence of
    /// <paramref name="contextTokens"/> exceeds its KV capacity.</exception>
    public TimeSpan TimePerOutputToken(int concurrency, int contextTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextTokens, 1);
        EnsureFits();
        var maxBatch = MaxBatch(contextTokens);
        if (maxBatch == 0)
        {
            throw new InvalidOperationException(
                $"A sequence of {contextTokens} tokens does not fit in the KV cache of {Model.Name} on {Gpu.Id} ({KvCapacityTokens} tokens).");
        }

        var running = Math.Min(concurrency, maxBatch);
        var waves = (concurrency + maxBatch - 1) / maxBatch;
        return DecodeStepTime(running, contextTokens) * waves;
    }

    /// <summary>Output tokens per second the replica produces in total at <paramref name="concurrency"/>:
    /// <c>concurrency / TimePerOutputToken(concurrency, contextTokens)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="TimePerOutputToken"/>.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="TimePerOutputToken"/>.</exception>
    public double OutputTokensPerSecond(int concurrency, int contextTokens) =>
        concurrency / TimePerOutputToken(concurrency, contextTokens).TotalSeconds;

    /// <summary>
    /// The highest steady request rate one replica sustains for requests of <paramref name="inputTokens"/> prompt and
    /// <paramref name="outputTokens"/> output tokens while every request's time per output token stays within
    /// <paramref name="tpotSlo"/> (and, when given, its unqueued time to first token within <paramref name="ttftSlo"/>);
    /// 0 when no rate meets it or the sequence does not fit.
    /// </summary>
    /// <remarks>
    /// With <c>n</c> requests decoding at once (at most <see cref="MaxBatch"/> of the full sequence) and prefills
    /// stalling the decode steps while they run (no chunked prefill), a request arriving at rate <c>λ</c> spends
    /// <c>pf</c> in prefill and <c>out</c> steps decoding. Decoding gets the GPU <c>1 − λ·pf</c> of the time, so the
    /// time per output token is <c>step(n) / (1 − λ·pf)</c>, and Little's law, <c>n = λ · out · tpot</c>, gives
    /// <c>λ = n / (out · step(n) + n · pf)</c>. The rate is the largest such <c>λ</c> over <c>n</c> whose time per output
    /// token meets the SLO; the step's context is the prompt plus half the output (its average while decoding).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A token count is below 1 or an SLO is not positive.</exception>
    public double MaxRequestRate(int inputTokens, int outputTokens, TimeSpan tpotSlo, TimeSpan? ttftSlo = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tpotSlo, TimeSpan.Zero);
        if (ttftSlo is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(ttftSlo));
        }

        var maxBatch = Fits ? MaxBatch(inputTokens + outputTokens) : 0;
        if (maxBatch == 0 || (ttftSlo is { } ttft && TimeToFirstToken(inputTokens) > ttft))
        {
            return 0;
        }

        var prefill = PrefillTime(inputTokens).TotalSeconds;
        var context = inputTokens + (outputTokens / 2);
        var best = 0.0;
        for (var n = 1; n <= maxBatch; n++)
        {
            var step = DecodeStepTime(n, context).TotalSeconds;
            var rate = n / ((outputTokens * step) + (n * prefill));
            var tpot = step / (1 - (rate * prefill));
            if (tpot > tpotSlo.TotalSeconds)
            {
                break; // the time per token only grows with n
            }

            best = Math.Max(best, rate);
        }

        return best;
    }

    private void EnsureFits()
    {
        if (!Fits)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Model.Name} does not fit on {Gpu.Id}: {Model.WeightBytes / BytesPerGb:0.#} GB of weights plus KV cache, {Gpu.MemoryGb:0.#} GB of memory."));
        }
    }
}
