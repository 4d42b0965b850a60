namespace SkyHedge.Core.Routing;

/// <summary>A range of token counts: <see cref="Low"/> ≤ n &lt; <see cref="High"/>; <see cref="High"/> null means
/// no upper bound. Half-open so adjacent buckets (<c>[0,256]</c>, <c>[256,1024]</c>) never overlap.</summary>
public sealed record TokenRange(int Low, int? High)
{
    public bool Contains(int tokens) => tokens >= Low && (High is null || tokens < High);

    public override string ToString() => $"[{Low},{(High is { } h ? h.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}]";
}
