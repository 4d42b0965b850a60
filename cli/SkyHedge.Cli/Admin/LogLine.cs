namespace SkyHedge.Cli.Admin;

/// <summary>One line of <c>skyhedge logs</c>, whatever its source.</summary>
/// <param name="Replica">The replica it concerns; empty for the service's controller.</param>
/// <param name="Source">Where it came from: <c>event</c> (the admin API's audit trail) today; a replica's process
/// output (the local cloud's log files) is the seam for later, merged in by <see cref="Time"/>.</param>
internal sealed record LogLine(DateTimeOffset Time, string Replica, string Source, string Text);
