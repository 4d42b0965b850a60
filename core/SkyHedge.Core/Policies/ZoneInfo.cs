using SkyHedge.Core.Model;

namespace SkyHedge.Core.Policies;

/// <summary>A spot location a policy may place replicas in, with the hourly prices it would pay there.</summary>
/// <param name="SpotPrice">Spot price per replica-hour, in whatever unit the caller uses consistently.</param>
/// <param name="OnDemandPrice">On-demand price per replica-hour, same unit.</param>
public sealed record ZoneInfo(Location Location, double SpotPrice, double OnDemandPrice);
