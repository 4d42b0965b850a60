namespace SkyHedge.Core.Spec;

/// <summary>Which placer picks the location of each new spot replica (<c>replica_policy.spot_placer</c>).</summary>
public enum SpotPlacerKind
{
    /// <summary>
    /// <c>dynamic_fallback</c>: SkyServe's SpotHedge placer as upstream ships it — the cheapest ACTIVE location not
    /// already holding a spot replica, else the cheapest ACTIVE; reset all to ACTIVE when fewer than 2 remain.
    /// </summary>
    DynamicFallback,

    /// <summary>
    /// <c>spothedge</c>: the SpotHedge paper's simulator variant — random among candidates, reset when
    /// ACTIVE ≤ min(1, N − 3). Used to reproduce the paper's numbers.
    /// </summary>
    SpotHedge,

    /// <summary><c>skyhedge</c>: ours (<see cref="Policies.SkyHedgePolicy"/>) — SpotHedge's spread, cheapest first,
    /// on-demand only where it helps, the extra spot replica dropped while the fleet is calm, replacement at an
    /// interruption notice. Default: it costs less than SpotHedge at the same availability on every public trace.</summary>
    SkyHedge,
}
