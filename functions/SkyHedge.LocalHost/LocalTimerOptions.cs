namespace SkyHedge.LocalHost;

/// <summary>How often the local timers run (the Functions app: watchdog every minute, poller every 15 s).</summary>
public sealed record LocalTimerOptions
{
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan PreemptionPollInterval { get; init; } = TimeSpan.FromSeconds(15);
}
