using SkyHedge.Control.State;

namespace SkyHedge.Control.Admin;

/// <summary>The spot placer's view of one location of a service.</summary>
/// <param name="Preemptions">Preemptions (and failed spot launches) ever recorded there.</param>
internal sealed record LocationView(string Cloud, string Region, string Zone, LocationState State, int Preemptions);
