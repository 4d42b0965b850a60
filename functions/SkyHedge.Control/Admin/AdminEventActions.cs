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
}
