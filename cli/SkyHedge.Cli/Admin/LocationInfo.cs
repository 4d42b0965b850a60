namespace SkyHedge.Cli.Admin;

/// <summary>The spot placer's view of one location (part of the service view).</summary>
internal sealed record LocationInfo(string Cloud, string Region, string Zone, string State, int Preemptions);
