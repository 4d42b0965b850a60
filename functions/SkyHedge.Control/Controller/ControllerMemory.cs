namespace SkyHedge.Control.Controller;

/// <summary>What a controller carries from one decision to the next (through ContinueAsNew): the spot count it
/// asked for per zone and the placer's PREEMPTED marks, keyed by zone key so a changed zone list does not
/// scramble them.</summary>
public sealed record ControllerMemory(IReadOnlyDictionary<string, int> Requested, IReadOnlyList<string> Preempted, DateTimeOffset? LastDecision)
{
    public static ControllerMemory Empty { get; } = new(new Dictionary<string, int>(), [], null);
}
