namespace SkyHedge.Core.Policies;

/// <summary>What a fleet policy wants now: spot replicas per zone (indexed like the observation's zones) and
/// on-demand replicas. The <see cref="Control.Reconciler"/> turns it into launches and terminations.</summary>
public sealed record FleetPlan(int[] Spot, int OnDemand)
{
    public int TotalSpot => Spot.Sum();
}
