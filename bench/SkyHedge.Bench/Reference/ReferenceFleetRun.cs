namespace SkyHedge.Bench.Reference;

/// <summary>The reference's fleet outcome, tick by tick, in the same terms as the product's <c>FleetRun</c>.</summary>
internal sealed record ReferenceFleetRun(int[] Spot, int[] OnDemand, int[] Active, int Launches, int FailedLaunches, int Preemptions);
