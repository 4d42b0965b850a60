namespace SkyHedge.Control.Controller;

/// <summary>What the mixed-GPU plan of one decision needs besides the groups: the SLO from the spec's <c>mix:</c>,
/// the request rate and size histogram the router counted in the autoscaler's window, and the launches of each GPU
/// type refused since the previous decision.</summary>
/// <param name="Rate">Requests per second over the window.</param>
/// <param name="Sizes">Requests per <c>SizeGrid</c> cell in the window.</param>
/// <param name="FailedLaunches">Launches per GPU type since the previous decision that say the type itself is out:
/// refused on-demand launches (spot ones only for a type without on-demand).</param>
public sealed record MixInput(
    double TpotSloMs, double? TtftSloMs, int SliceFactor, double Rate, IReadOnlyDictionary<int, long> Sizes, IReadOnlyDictionary<string, int> FailedLaunches);

/// <summary>A GPU type the plan may not grow beyond <see cref="Count"/> replicas until <see cref="Until"/>: its
/// launches were refused (no capacity), so the plan falls back to other types and tries it again later.</summary>
public sealed record MixCap(int Count, DateTimeOffset Until);
