using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkyHedge.Control.Timers;

namespace SkyHedge.LocalHost;

/// <summary>
/// Runs the Functions app's timer bodies locally on <see cref="PeriodicTimer"/>s: the watchdog (controllers
/// running, orphan sweep) and the preemption poller. A failing run is logged and the next one tries again, as a
/// timer trigger would.
/// </summary>
public sealed class LocalTimers(Watchdog watchdog, PreemptionPoller poller, LocalTimerOptions options, ILogger<LocalTimers>? logger = null) : BackgroundService
{
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Completed watchdog runs (for tests and status output).</summary>
    public int WatchdogRuns { get; private set; }

    /// <summary>Completed poller runs.</summary>
    public int PollerRuns { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            EveryAsync(options.WatchdogInterval, async ct =>
            {
                var report = await watchdog.RunAsync(ct);
                WatchdogRuns++;
                if ((report.TerminatedOrphans.Count > 0 || report.StartedControllers.Count > 0) && _log.IsEnabled(LogLevel.Information))
                {
                    _log.LogInformation("watchdog: started {Controllers}, terminated orphans {Orphans}", string.Join(",", report.StartedControllers), string.Join(",", report.TerminatedOrphans));
                }
            }, stoppingToken),
            EveryAsync(options.PreemptionPollInterval, async ct =>
            {
                await poller.RunAsync(ct);
                PollerRuns++;
            }, stoppingToken));

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> body, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await body(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.LogWarning(e, "timer body failed; retrying at the next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
