using Microsoft.Extensions.Logging;

namespace SkyHedge.Functions.Timers;

/// <summary>The timers' log messages (source-generated: no formatting cost when the level is off).</summary>
internal static partial class FunctionLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Timer} ran late (past due): the previous run overran or the host was down")]
    public static partial void PastDue(ILogger logger, string timer);

    [LoggerMessage(2, LogLevel.Warning, "Watchdog started the controller of service {Service}: it was not running")]
    public static partial void ControllerStarted(ILogger logger, string service);

    [LoggerMessage(3, LogLevel.Warning, "Watchdog terminated orphan instance {InstanceId}: no live replica row claimed it")]
    public static partial void OrphanTerminated(ILogger logger, string instanceId);

    [LoggerMessage(4, LogLevel.Information, "Preemption poller signalled {Count} replica(s)")]
    public static partial void ReplicasSignalled(ILogger logger, int count);

    [LoggerMessage(5, LogLevel.Information, "EventBridge {Kind} notice for instance {InstanceId}: {Outcome}")]
    public static partial void NoticeRelayed(ILogger logger, string kind, string instanceId, SkyHedge.Control.Admin.NoticeRelayOutcome outcome);

    [LoggerMessage(6, LogLevel.Warning, "Notice queue message left for the dead-letter queue: {What}")]
    public static partial void NoticeMalformed(ILogger logger, string what);
}
