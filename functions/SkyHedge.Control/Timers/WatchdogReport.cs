namespace SkyHedge.Control.Timers;

/// <summary>What one watchdog run did: controllers it (re)started and orphan instances it terminated.</summary>
public sealed record WatchdogReport(IReadOnlyList<string> StartedControllers, IReadOnlyList<string> TerminatedOrphans);
