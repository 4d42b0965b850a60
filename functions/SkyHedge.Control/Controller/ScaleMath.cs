using SkyHedge.Control.State;
using SkyHedge.Core.Policies;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Controller;

/// <summary>
/// The controller's replica target from the router's request counts: SkyServe's request-rate autoscaler (the
/// core <see cref="RequestRateAutoscaler"/>: T = clip(ceil(qps / target_qps_per_replica), min, max), a higher T
/// taken once wanted for <c>upscale_delay_seconds</c>, a lower one after <c>downscale_delay_seconds</c>, from 0 at
/// once). Pure, so the observe activity computes it and the orchestrator only carries the <see cref="ScaleState"/>.
/// </summary>
/// <remarks>The core class keeps its hysteresis timers private and lives for one process, while a controller's
/// memory must survive ContinueAsNew and restarts; so the load → wanted-target step is the core's, and the
/// hysteresis step is restated here over explicit state, with the same rules (a test runs both side by side).</remarks>
public static class ScaleMath
{
    /// <summary>The trailing window of request counts a decision reads (SkyServe's <c>qps_window_size</c>, 60 s).</summary>
    public static TimeSpan Window(ReplicaPolicySpec policy) => TimeSpan.FromSeconds(AutoscalerOptions.FromSpec(policy).WindowSeconds);

    /// <summary>Requests in the trailing <paramref name="window"/> ending at <paramref name="now"/>, estimated from
    /// count buckets: a bucket counts in proportion to the part of it (elapsed so far) inside the window, assuming
    /// requests spread evenly over it. Rounded up, so any request in the window counts (a service at zero then
    /// scales up).</summary>
    public static long RequestsInWindow(IEnumerable<RequestCount> buckets, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var from = now - window;
        var total = 0.0;
        foreach (var b in buckets)
        {
            var start = b.BucketStart;
            var end = start + RequestCount.BucketLength < now ? start + RequestCount.BucketLength : now;
            if (end <= start)
            {
                // The current bucket just began, or a router whose clock runs ahead wrote it: all of it is recent.
                total += b.Count;
                continue;
            }

            var overlap = end - (start > from ? start : from);
            if (overlap > TimeSpan.Zero)
            {
                total += b.Count * (overlap / (end - start));
            }
        }

        // Relative slack (as the core autoscaler's) keeps a sum like 45.000000000001 from becoming 46 while any
        // positive sum, however small, still becomes 1.
        return (long)Math.Ceiling(total - (total * 1e-12));
    }

    /// <summary>The target at <paramref name="now"/> after one decision from <paramref name="previous"/> (null: the
    /// first decision, starting from min_replicas as SkyServe does). Without <c>target_qps_per_replica</c> the target
    /// is min_replicas and the counts are ignored. A previous target outside a changed spec's [min, max] is clipped
    /// into it at once.</summary>
    /// <exception cref="ArgumentException">The policy's autoscaler knobs are invalid (the spec parser refuses such
    /// specs first).</exception>
    public static ScaleState Decide(ReplicaPolicySpec policy, ScaleState? previous, long requestsInWindow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var options = AutoscalerOptions.FromSpec(policy);
        if (options.TargetQpsPerReplica is null)
        {
            return new ScaleState(options.MinReplicas);
        }

        var autoscaler = new RequestRateAutoscaler(options);
        autoscaler.RecordRequests(now, (int)Math.Clamp(requestsInWindow, 0, int.MaxValue));
        var wanted = autoscaler.WantedTarget(now);
        var current = Math.Clamp(previous?.Target ?? options.MinReplicas, options.MinReplicas, options.MaxReplicas);
        if (wanted == current || current == 0)
        {
            // Nothing to change (timers reset), or scale from zero at once: a request waits and nothing serves it.
            return new ScaleState(wanted);
        }

        if (wanted > current)
        {
            var since = previous?.HigherSince ?? now;
            return now - since >= TimeSpan.FromSeconds(options.UpscaleDelaySeconds) ? new ScaleState(wanted) : new ScaleState(current, HigherSince: since);
        }

        var lowerSince = previous?.LowerSince ?? now;
        return now - lowerSince >= TimeSpan.FromSeconds(options.DownscaleDelaySeconds) ? new ScaleState(wanted) : new ScaleState(current, LowerSince: lowerSince);
    }
}
