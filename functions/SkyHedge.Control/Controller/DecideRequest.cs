using SkyHedge.Control.Lifecycle;

namespace SkyHedge.Control.Controller;

/// <summary>Input of <see cref="ControllerActivities.DecideFleet"/>.</summary>
public sealed record DecideRequest(string Service, ServiceObservation Observation, ControllerMemory Memory, ControlOptions Options, int Iteration);
