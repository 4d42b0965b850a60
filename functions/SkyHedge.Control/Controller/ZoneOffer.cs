using SkyHedge.Core.Model;

namespace SkyHedge.Control.Controller;

/// <summary>A spot location the service may use, with the offering a launch there buys.</summary>
/// <param name="Key">Stable id of the location (<c>cloud/region/zone</c>), to carry memory across decisions.</param>
public sealed record ZoneOffer(string Key, Offering Offering);
