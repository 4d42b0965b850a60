
namespace SkyHedge.Control.Controller;

/// <summary>Input of <see cref="ControllerActivities.ObserveService"/>.</summary>
/// <param name="Since">The previous decision's time: losses after it are reported.</param>
/// <param name="Scale">The autoscaler's state after the previous decision (from <see cref="ControllerMemory"/>).</param>
public sealed record ObserveRequest(string Service, DateTimeOffset? Since, ScaleState? Scale = null);
