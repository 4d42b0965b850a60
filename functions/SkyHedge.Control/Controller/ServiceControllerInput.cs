using SkyHedge.Control.Lifecycle;

namespace SkyHedge.Control.Controller;

/// <summary>A controller generation's input.</summary>
public sealed record ServiceControllerInput(string Service, ControlOptions Options, int Iteration = 0, ControllerMemory? Memory = null);
