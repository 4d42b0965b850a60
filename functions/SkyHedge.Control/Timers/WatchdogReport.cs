namespace SkyHedge.Control.Timers;

/// <summary>What one watchdog run did: controllers it (re)started, orphan instances it terminated, and replica
/// lifecycles it restarted.</summary>
public sealed record WatchdogReport(IReadOnlyList<string> StartedControllers, IReadOnlyList<string> TerminatedOrphans, IReadOnlyList<string> RestartedReplicas);
