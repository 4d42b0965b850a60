using System.Globalization;

namespace SkyHedge.Core.Performance;

/// <summary>
/// The served model as the performance model sees it: how much it weighs, how much KV cache each token needs, and how
/// well a serving stack uses the GPU. <see cref="GpuPerformanceModel"/> turns this plus a GPU's published specs into
/// times. Change one value with <c>with</c>: <c>ModelProfile.Llama2_7B with { ComputeUtilization = 0.4 }</c>.
/// </summary>
public sealed record ModelProfile
{
    /// <summary>
    /// A Llama-2-7B-class model served in FP16, the model the Mélange paper and SkyServe evaluate. Each default and why:
    /// <list type="bullet">
    /// <item><see cref="Parameters"/> 7e9 — the class size (the real checkpoint has 6.74e9; the round figure errs on
    /// the slow side by 4%).</item>
    /// <item><see cref="BytesPerParameter"/> 2 — FP16 weights, as served without quantisation: 14 GB.</item>
    /// <item><see cref="Layers"/> 32 and <see cref="HiddenSize"/> 4096 — Llama-2-7B's architecture (multi-head
    /// attention, no grouped-query sharing, so K and V are full width).</item>
    /// <item><see cref="KvBytesPerValue"/> 2 — an FP16 KV cache. With the two above: 2 (K, V) × 32 × 4096 × 2 bytes
    /// = 0.5 MiB per token.</item>
    /// <item><see cref="MaxContextTokens"/> 4096 — Llama-2's trained context length.</item>
    /// <item><see cref="ComputeUtilization"/> 0.5 — large prefill matrix multiplications reach roughly half of the
    /// datasheet tensor peak once attention, norms and kernel launches are counted. A round planning figure, not a
    /// measurement.</item>
    /// <item><see cref="BandwidthUtilization"/> 0.8 — a decode step streams the weights and the KV cache once; such
    /// streaming reaches about 80% of the datasheet memory bandwidth. Also a round figure.</item>
    /// <item><see cref="MaxBatchSize"/> 256 — vLLM's default <c>max_num_seqs</c> (the stack the Mélange paper
    /// measured): the scheduler runs no more sequences at once, however much KV cache is free.</item>
    /// <item><see cref="StepOverheadSeconds"/> 3 ms and <see cref="SequenceOverheadSeconds"/> 30 µs — the serving
    /// stack's CPU work per decode step, which no GPU speeds up. vLLM's team profiled Llama-3-8B on one H100 (vLLM
    /// v0.5.3, the generation the Mélange paper measured) and found the API server and the scheduler took 33% and 29%
    /// of the run time, the GPU working the rest (vLLM blog, "vLLM v0.6.0: 2.7x Throughput Improvement", 2024-09-05).
    /// These two figures reproduce that share: a full batch of 256 short sequences on an H100 spends 10.7 ms of CPU
    /// beside about 7 ms of GPU, 60% CPU. Set both to 0 to model an overhead-free stack.</item>
    /// </list>
    /// </summary>
    public static ModelProfile Llama2_7B { get; } = new()
    {
        Name = "Llama-2-7B",
        Parameters = 7e9,
        BytesPerParameter = 2,
        Layers = 32,
        HiddenSize = 4096,
        KvBytesPerValue = 2,
        MaxContextTokens = 4096,
        ComputeUtilization = 0.5,
        BandwidthUtilization = 0.8,
        StepOverheadSeconds = 0.003,
        SequenceOverheadSeconds = 30e-6,
    };

    /// <summary>A name for messages and tables.</summary>
    public required string Name { get; init; }

    /// <summary>Number of parameters.</summary>
    public required double Parameters { get; init; }

    /// <summary>Bytes per weight as served (2 = FP16/BF16, 1 = INT8, 0.5 = INT4).</summary>
    public required double BytesPerParameter { get; init; }

    /// <summary>Transformer layers.</summary>
    public required int Layers { get; init; }

    /// <summary>Width of the K and V projections per layer (the hidden size for multi-head attention; smaller with
    /// grouped-query attention).</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Bytes per cached K or V value.</summary>
    public required double KvBytesPerValue { get; init; }

    /// <summary>Longest sequence (prompt + output) the model accepts.</summary>
    public required int MaxContextTokens { get; init; }

    /// <summary>Fraction of the GPU's FP16 tensor TFLOPS that compute-bound work (prefill) achieves, in (0, 1].</summary>
    public required double ComputeUtilization { get; init; }

    /// <summary>Fraction of the GPU's memory bandwidth a decode step achieves, in (0, 1].</summary>
    public required double BandwidthUtilization { get; init; }

    /// <summary>Most sequences a replica decodes at once (the serving stack's scheduler limit).</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>CPU time the serving stack spends on every decode step whatever the GPU (scheduling, kernel
    /// launches), in seconds.</summary>
    public double StepOverheadSeconds { get; init; }

    /// <summary>CPU time per running sequence per decode step (sampling, detokenising, bookkeeping), in seconds.</summary>
    public double SequenceOverheadSeconds { get; init; }

    /// <summary>Bytes of weights: <see cref="Parameters"/> × <see cref="BytesPerParameter"/>.</summary>
    public double WeightBytes => Parameters * BytesPerParameter;

    /// <summary>KV-cache bytes per token of context: 2 (K and V) × <see cref="Layers"/> × <see cref="HiddenSize"/> ×
    /// <see cref="KvBytesPerValue"/>.</summary>
    public double KvBytesPerToken => 2.0 * Layers * HiddenSize * KvBytesPerValue;

    /// <summary>Checks every value is in range.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and the value.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Name), "Name must not be empty");
        Require(Positive(Parameters), $"Parameters must be positive, got {Format(Parameters)}");
        Require(Positive(BytesPerParameter), $"BytesPerParameter must be positive, got {Format(BytesPerParameter)}");
        Require(Layers > 0, $"Layers must be positive, got {Layers}");
        Require(HiddenSize > 0, $"HiddenSize must be positive, got {HiddenSize}");
        Require(Positive(KvBytesPerValue), $"KvBytesPerValue must be positive, got {Format(KvBytesPerValue)}");
        Require(MaxContextTokens > 0, $"MaxContextTokens must be positive, got {MaxContextTokens}");
        Require(Fraction(ComputeUtilization), $"ComputeUtilization must be in (0, 1], got {Format(ComputeUtilization)}");
        Require(Fraction(BandwidthUtilization), $"BandwidthUtilization must be in (0, 1], got {Format(BandwidthUtilization)}");
        Require(MaxBatchSize > 0, $"MaxBatchSize must be positive, got {MaxBatchSize}");
        Require(StepOverheadSeconds >= 0 && double.IsFinite(StepOverheadSeconds), $"StepOverheadSeconds must be zero or positive, got {Format(StepOverheadSeconds)}");
        Require(SequenceOverheadSeconds >= 0 && double.IsFinite(SequenceOverheadSeconds), $"SequenceOverheadSeconds must be zero or positive, got {Format(SequenceOverheadSeconds)}");
    }

    private static bool Positive(double value) => value > 0 && double.IsFinite(value);

    private static bool Fraction(double value) => value is > 0 and <= 1;

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"Model profile '{Name}': {message}.");
        }
    }
}
