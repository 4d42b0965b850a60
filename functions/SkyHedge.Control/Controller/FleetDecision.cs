namespace SkyHedge.Control.Controller;

/// <summary>The policy's answer: spot replicas per zone (indexed like the observation's zones), on-demand
/// replicas per GPU group (indexed like <see cref="ServiceObservation.AllGroups"/>), and the memory for the next
/// decision.</summary>
public sealed record FleetDecision(int[] Spot, int[] OnDemand, ControllerMemory Memory);
