namespace SkyHedge.Simulation.Optimal;

/// <summary>
/// A plan for the <c>optimal</c> policy: <paramref name="Spot"/>[tick][zone] and <paramref name="OnDemand"/>[tick]
/// replicas held, <paramref name="Active"/>[tick] ready replicas (those held through the whole cold-start window,
/// capped at Target + Overprovision like the artifact's active variables, 0 before the first cold start ends).
/// <paramref name="Cost"/> counts every tick from 0, as the artifact does; <paramref name="CostFromColdStart"/>
/// counts only ticks at or after ColdStartTicks. <paramref name="Optimal"/> is false only when the time limit
/// ran out and a feasible all-on-demand plan was returned instead.
/// </summary>
public sealed record OptimalPlan(int[][] Spot, int[] OnDemand, int[] Active, double Cost, double CostFromColdStart, bool Optimal);
