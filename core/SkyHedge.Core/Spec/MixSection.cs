namespace SkyHedge.Core.Spec;

/// <summary>
/// The optional <c>mix:</c> section: serve the model on a Mélange-style mix of the GPU types in <c>any_of</c>.
/// With <see cref="TpotSloMs"/> set and at least two GPU types offered, the control plane plans the cost-minimal
/// mix for the observed request sizes and rate on every decision, and the router sends each request size to the
/// pool planned for it.
/// </summary>
/// <param name="Values">The mapping as plain values (string keys; null, bool, long, double, string, lists, maps).</param>
/// <param name="Line">1-based line of the section, for messages.</param>
/// <param name="Column">1-based column of the section.</param>
public sealed record MixSection(IReadOnlyDictionary<string, object?> Values, int Line, int Column)
{
    /// <summary>The keys <c>mix:</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Keys = ["tpot_slo_ms", "ttft_slo_ms", "slice_factor", "default_max_tokens"];

    /// <summary><c>tpot_slo_ms</c>: the time-per-output-token SLO the plan meets; null leaves planning off.</summary>
    public double? TpotSloMs { get; init; }

    /// <summary><c>ttft_slo_ms</c>: an optional unqueued time-to-first-token SLO.</summary>
    public double? TtftSloMs { get; init; }

    /// <summary><c>slice_factor</c>: Mélange's slices per request-size bucket (default 8).</summary>
    public int SliceFactor { get; init; } = 8;

    /// <summary><c>default_max_tokens</c>: output tokens the router assumes for a request without <c>max_tokens</c>.</summary>
    public int? DefaultMaxTokens { get; init; }
}
