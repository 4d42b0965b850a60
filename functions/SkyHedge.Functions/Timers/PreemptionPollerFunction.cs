using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Timers;

namespace SkyHedge.Functions.Timers;

/// <summary>The preemption poller timer: lists every configured cloud's tagged instances and signals the replicas
/// that were preempted or got an interruption notice (see <see cref="PreemptionPoller"/>).</summary>
internal sealed class PreemptionPollerFunction(IServiceProvider services, ControlOptions options, ILogger<PreemptionPollerFunction> logger)
{
    /// <summary>Every 15 s: the shortest notice (Azure's Scheduled Events, GCP) is 30 s, so a replica learns of it
    /// with time left to drain, for one list call per cloud per run.</summary>
    public const string Schedule = "*/15 * * * * *";

    [Function(nameof(PreemptionPoller))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            FunctionLog.PastDue(logger, nameof(PreemptionPoller));
        }

        return RunAsync(new DurableGateway(client, options), cancellationToken);
    }

    /// <summary>The body, over any gateway (tests pass a recording one); returns how many replicas it signalled.</summary>
    internal async Task<int> RunAsync(IOrchestrationGateway gateway, CancellationToken cancellationToken)
    {
        var signalled = await ActivatorUtilities.CreateInstance<PreemptionPoller>(services, gateway).RunAsync(cancellationToken).ConfigureAwait(false);
        if (signalled > 0)
        {
            FunctionLog.ReplicasSignalled(logger, signalled);
        }

        return signalled;
    }
}
