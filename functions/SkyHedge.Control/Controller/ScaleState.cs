namespace SkyHedge.Control.Controller;

/// <summary>The request-rate autoscaler's state between decisions, carried through ContinueAsNew in
/// <see cref="ControllerMemory"/>: the target in force and, while a change is pending, since when it has been
/// wanted (the hysteresis of <see cref="Core.Policies.RequestRateAutoscaler"/>).</summary>
/// <param name="Target">The replica target the last decision took.</param>
/// <param name="HigherSince">Since when a higher target has been wanted continuously, or null.</param>
/// <param name="LowerSince">Since when a lower target has been wanted continuously, or null.</param>
public sealed record ScaleState(int Target, DateTimeOffset? HigherSince = null, DateTimeOffset? LowerSince = null);
