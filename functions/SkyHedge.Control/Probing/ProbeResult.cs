namespace SkyHedge.Control.Probing;

/// <summary>One probe's outcome: ready or not, the HTTP status if there was one, and why not.</summary>
public sealed record ProbeResult(bool Ready, int? StatusCode, string? Reason);
