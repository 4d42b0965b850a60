namespace SkyHedge.Core.Policies;

/// <summary>SpotHedge's dynamic on-demand fallback, taken literally from the SkyServe paper.</summary>
public static class FallbackRule
{
    /// <summary>
    /// On-demand target = min(T, B + max(0, spotTarget − readySpot)). Only READY spot counts (a launching spot
    /// replica may never come up), and on-demand never exceeds T, so it never stands in for the
    /// over-provisioned extras.
    /// </summary>
    /// <param name="target">T, replicas the service needs.</param>
    /// <param name="baseOnDemand">B, on-demand replicas always kept.</param>
    /// <param name="spotTarget">Spot replicas wanted: T + overprovision − B.</param>
    /// <param name="readySpot">Spot replicas ready at the previous decision.</param>
    public static int OnDemandTarget(int target, int baseOnDemand, int spotTarget, int readySpot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        ArgumentOutOfRangeException.ThrowIfNegative(baseOnDemand);
        return Math.Min(target, baseOnDemand + Math.Max(0, spotTarget - readySpot));
    }

    /// <summary>Spot target = T + overprovision − B (never negative).</summary>
    public static int SpotTarget(int target, int overprovision, int baseOnDemand) =>
        Math.Max(0, target + overprovision - baseOnDemand);
}
