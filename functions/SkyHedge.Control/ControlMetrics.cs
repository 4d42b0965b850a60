using System.Diagnostics.Metrics;

namespace SkyHedge.Control;

/// <summary>The control plane's metrics (meter <c>SkyHedge.Control</c>): what an operator watches when a cloud pushes
/// back. Activities record them, never orchestrators (a replay would count twice).</summary>
public static class ControlMetrics
{
    public const string MeterName = "SkyHedge.Control";

    private static readonly Meter Meter = new(MeterName);

    /// <summary><c>skyhedge.cloud.throttled</c>: cloud calls refused as throttled (the launch is retried after a
    /// backoff), tagged <c>cloud</c> and <c>operation</c>.</summary>
    public static readonly Counter<long> CloudThrottled = Meter.CreateCounter<long>("skyhedge.cloud.throttled", description: "Cloud calls refused as throttled and retried after a backoff");

    /// <summary><c>skyhedge.cloud.throttle_backoff</c>: the backoff the cloud asked for, in seconds, when it said.</summary>
    public static readonly Histogram<double> CloudThrottleBackoff = Meter.CreateHistogram<double>("skyhedge.cloud.throttle_backoff", unit: "s", description: "Retry-after hints of throttled cloud calls");
}
