using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Timers;

namespace SkyHedge.Functions.Timers;

/// <summary>The watchdog timer: every service has a running controller, and orphan instances are terminated (see
/// <see cref="Watchdog"/>). The orchestration client is a per-invocation binding in the isolated worker, so the
/// gateway over it is built per run.</summary>
internal sealed class WatchdogFunction(IServiceProvider services, ControlOptions options, ILogger<WatchdogFunction> logger)
{
    /// <summary>Every minute: a crashed controller is restarted within a minute, and an orphan GPU costs at most a
    /// minute past its grace period.</summary>
    public const string Schedule = "0 */1 * * * *";

    [Function(nameof(Watchdog))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            FunctionLog.PastDue(logger, nameof(Watchdog));
        }

        return RunAsync(new DurableGateway(client, options), cancellationToken);
    }

    /// <summary>The body, over any gateway (tests pass a recording one).</summary>
    internal async Task<WatchdogReport> RunAsync(IOrchestrationGateway gateway, CancellationToken cancellationToken)
    {
        var report = await ActivatorUtilities.CreateInstance<Watchdog>(services, gateway).RunAsync(cancellationToken).ConfigureAwait(false);
        foreach (var service in report.StartedControllers)
        {
            FunctionLog.ControllerStarted(logger, service);
        }

        foreach (var instance in report.TerminatedOrphans)
        {
            FunctionLog.OrphanTerminated(logger, instance);
        }

        return report;
    }
}
