namespace SkyHedge.Core.Spec;

/// <summary>
/// The optional <c>mix:</c> section (Mélange-style GPU mix: SLO, request-size routing). Accepted from the start and
/// kept raw; it is validated once the mixed-GPU planner exists.
/// </summary>
/// <param name="Values">The mapping as plain values: string keys; values are null, bool, long, double, string,
/// <c>IReadOnlyList&lt;object?&gt;</c> or <c>IReadOnlyDictionary&lt;string, object?&gt;</c> (YAML core schema for
/// plain scalars; quoted scalars stay strings).</param>
/// <param name="Line">1-based line of the section, for later error messages.</param>
/// <param name="Column">1-based column of the section.</param>
public sealed record MixSection(IReadOnlyDictionary<string, object?> Values, int Line, int Column);
