namespace SkyHedge.Simulation.Optimal;

/// <summary>
/// The perfect-knowledge problem of SpotHedge's <c>optimal</c> policy.
/// <paramref name="Capacity"/>[zone][tick] is how many spot replicas the zone can hold at that tick
/// (0 = none; any large value means unlimited); every zone has the same number of ticks N.
/// The fleet must keep at least <paramref name="Target"/> ready replicas at every tick from
/// <paramref name="ColdStartTicks"/> on, and never holds more than Target + <paramref name="Overprovision"/>
/// replicas of one kind. A spot replica-tick costs 1 (or the zone's <paramref name="SpotPrices"/> entry), an
/// on-demand one <paramref name="OnDemandCostRatio"/>.
/// </summary>
public sealed record OptimalInput(int[][] Capacity, int Target, int Overprovision, int ColdStartTicks, double OnDemandCostRatio, double[]? SpotPrices = null)
{
    /// <summary>Price of a spot replica-tick in zone <paramref name="zone"/>.</summary>
    public double SpotPrice(int zone) => SpotPrices?[zone] ?? 1;
}
