
namespace SkyHedge.Control.Controller;

/// <summary>Input of <see cref="ControllerActivities.ObserveService"/>.</summary>
public sealed record ObserveRequest(string Service, DateTimeOffset? Since);
