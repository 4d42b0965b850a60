namespace SkyHedge.Core.Policies;

/// <summary>The spot placer's memory: which zones are PREEMPTED. Plain data so the control plane can persist it
/// (upstream SkyServe lost it on restart) and restore it into a new <see cref="SpotPlacer"/>.</summary>
public sealed record PlacerState(bool[] Preempted);
