namespace SkyHedge.Core.Policies;

/// <summary>When the placer forgets its PREEMPTED marks and treats every zone as ACTIVE again.</summary>
public enum PlacerResetRule
{
    /// <summary>Reset when fewer than 2 zones remain ACTIVE (ARCHITECTURE section 2, production).</summary>
    FewerThanTwoActive,

    /// <summary>Reset when ACTIVE ≤ min(1, N − 3) for N zones: the paper artifact's rule (same as the
    /// production rule for 9 zones, but only at 0 ACTIVE for 3 zones).</summary>
    Artifact,
}
