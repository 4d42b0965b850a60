using SkyHedge.Core.Model;

namespace SkyHedge.Core.Control;

/// <summary>One action the control loop must carry out.</summary>
public abstract record Decision;

/// <summary>Launch one replica: spot in zone <paramref name="Zone"/> (index into the policy's zones), or on-demand
/// (<paramref name="Zone"/> = -1; the actuator picks the cheapest on-demand offering).</summary>
public sealed record LaunchDecision(int Zone, Market Market) : Decision;

/// <summary>Terminate one replica.</summary>
public sealed record TerminateDecision(string ReplicaId, string Reason) : Decision;
