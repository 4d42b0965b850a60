using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;

namespace SkyHedge.Functions.Timers;

/// <summary>The EventBridge notice channel: drains the SQS queue of EC2 spot interruption warnings and rebalance
/// recommendations (when <c>SKYHEDGE_AWS</c> names one) and relays each to the replica on that instance through
/// <c>/api/notices</c> (see <see cref="NoticeRelay"/>). Without a queue it does nothing.</summary>
internal sealed class AwsNoticesFunction(IServiceProvider services, ControlOptions options, ILogger<AwsNoticesFunction> logger)
{
    /// <summary>Every 15 s, each run long-polling up to 5 s: the warning comes 2 minutes ahead, so a replica still
    /// has well over a minute to drain.</summary>
    public const string Schedule = "*/15 * * * * *";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Function("AwsNotices")]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            FunctionLog.PastDue(logger, "AwsNotices");
        }

        return RunAsync(new DurableGateway(client, options), cancellationToken);
    }

    /// <summary>The body, over any gateway (tests pass a recording one); null when no queue is configured.</summary>
    internal async Task<NoticeChannelReport?> RunAsync(IOrchestrationGateway gateway, CancellationToken cancellationToken)
    {
        if (services.GetService<AwsNoticeChannel>() is not { } channel)
        {
            return null;
        }

        var api = ActivatorUtilities.CreateInstance<AdminApi>(services, gateway);
        var relay = new NoticeRelay(services.GetRequiredService<IStateStore>(), api, services.GetService<TimeProvider>());
        var report = await channel.DrainAsync(
            async (e, ct) =>
            {
                var outcome = await relay.RelayAsync(e.InstanceId, e.Kind, ct).ConfigureAwait(false);
                FunctionLog.NoticeRelayed(logger, e.Kind, e.InstanceId, outcome);
                return true;
            },
            Wait,
            maxBatches: 10,
            cancellationToken).ConfigureAwait(false);
        foreach (var bad in report.Malformed)
        {
            FunctionLog.NoticeMalformed(logger, bad);
        }

        return report;
    }
}
