namespace SkyHedge.Simulation.Engine;

/// <summary>What a policy did over one window, tick by tick (after the cloud's capacity cap).</summary>
/// <param name="Spot">Spot replicas alive at each tick.</param>
/// <param name="OnDemand">On-demand replicas alive at each tick.</param>
/// <param name="Active">Ready replicas (spot + on-demand) at each tick.</param>
/// <param name="SpotByZone">Spot replicas alive per tick and zone ([tick][zone], zones in the window's order).</param>
public sealed record FleetRun(int[] Spot, int[] OnDemand, int[] Active, int[][] SpotByZone, int Launches, int FailedLaunches, int Preemptions);
