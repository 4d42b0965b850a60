namespace SkyHedge.Control.Admin;

/// <summary>The audit actions the admin API writes (besides the store's own, which the orchestrations' changes
/// leave).</summary>
internal static class AdminEventActions
{
    /// <summary>An operator asked for a replica to be terminated.</summary>
    public const string TerminateRequested = "terminate-requested";

    /// <summary>A replica's watcher reported an interruption notice from its cloud.</summary>
    public const string InterruptionNotice = "interruption-notice";

    /// <summary>The actor of notices: the watcher inside the replica's VM.</summary>
    public const string NoticeWatcher = "notice-watcher";

    /// <summary>The actor of notices the cloud's event bus delivered (AWS EventBridge through SQS).</summary>
    public const string EventBridge = "eventbridge";

    /// <summary>The cloud says the replica's instance is at elevated risk of interruption (no drain yet).</summary>
    public const string RebalanceRecommendation = "rebalance-recommendation";
}
