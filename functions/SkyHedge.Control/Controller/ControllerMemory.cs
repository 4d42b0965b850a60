using SkyHedge.Core.Policies;

namespace SkyHedge.Control.Controller;

/// <summary>What a controller carries from one decision to the next (through ContinueAsNew): the spot count it
/// asked for per zone and the placer's PREEMPTED marks, keyed by zone key so a changed zone list does not
/// scramble them, and the autoscaler's state.</summary>
/// <param name="Scale">The request-rate autoscaler's target and pending-change timers; null before the first
/// decision (and in memories written before the autoscaler was wired), which starts from min_replicas.</param>
/// <param name="Caps">GPU types capped after refused launches, for a mixed-GPU service.</param>
/// <param name="Mix">The last mixed-GPU plan, in words (for status and logs).</param>
/// <param name="Hazards">The skyhedge policy's per-zone loss memory, by zone key; without it the policy would
/// meet every zone as untried on every decision and never learn that the fleet is calm.</param>
public sealed record ControllerMemory(
    IReadOnlyDictionary<string, int> Requested,
    IReadOnlyList<string> Preempted,
    DateTimeOffset? LastDecision,
    ScaleState? Scale = null,
    IReadOnlyDictionary<string, MixCap>? Caps = null,
    string? Mix = null,
    IReadOnlyDictionary<string, ZoneHazardState>? Hazards = null)
{
    public static ControllerMemory Empty { get; } = new(new Dictionary<string, int>(), [], null);
}
