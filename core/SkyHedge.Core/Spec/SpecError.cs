namespace SkyHedge.Core.Spec;

/// <summary>One problem in a service spec, at a 1-based line and column of the file.</summary>
/// <param name="File">The file name given to the parser.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">The key path and what was expected, e.g.
/// <c>service.replica_policy.min_replicas: expected a non-negative integer, got 'abc'</c>.</param>
public sealed record SpecError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler-style form <c>file:line:column: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
