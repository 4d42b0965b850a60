namespace SkyHedge.Core.Policies;

/// <summary>
/// SkyServe's request-rate autoscaler: the target T = clip(ceil(qps / target_qps_per_replica), min, max), with
/// qps counted over a trailing window (60 s), and hysteresis: a higher target is taken only once it has been
/// wanted continuously for <see cref="AutoscalerOptions.UpscaleDelaySeconds"/>, a lower one after
/// <see cref="AutoscalerOptions.DownscaleDelaySeconds"/>; from a target of zero any request scales up at once.
/// Without <see cref="AutoscalerOptions.TargetQpsPerReplica"/> the target is fixed at min_replicas.
/// </summary>
/// <remarks>
/// <para>Pure: no clock. The caller reports arrivals with <see cref="RecordRequests"/> and calls
/// <see cref="Decide"/> at its own cadence (SkyServe and the control loop: every
/// <see cref="AutoscalerOptions.DefaultDecisionIntervalSeconds"/> s). Times passed to <see cref="Decide"/> must
/// not go backwards; arrivals may be reported late or out of order.</para>
/// <para>Delays are measured in time, not in decisions: a change is taken at the first decision at least the
/// delay after the first decision that wanted it, so "after 300 s" means at +300 s with 20 s decisions.
/// (SkyServe counts delay / interval decisions, so it acts one interval earlier, at +280 s.) While a change is
/// pending the wanted value may move (say 3, then 4); the timer keeps running as long as it stays on the same
/// side of the current target, and the value wanted at the moment the delay expires is taken, as in SkyServe.
/// A decision that wants the current target, or the other side of it, restarts the timer.</para>
/// </remarks>
public sealed class RequestRateAutoscaler
{
    // Ratios like 42 / (60 × 0.7) land a hair above an integer in binary floating point; without this slack
    // ceil() would ask for a whole extra replica for a rounding error.
    private const double RelativeSlack = 1e-12;

    private readonly AutoscalerOptions _options;
    private readonly List<(DateTimeOffset At, int Count)> _arrivals = [];
    private readonly TimeSpan _window;
    private readonly TimeSpan _upscaleDelay;
    private readonly TimeSpan _downscaleDelay;
    private DateTimeOffset? _higherSince;
    private DateTimeOffset? _lowerSince;
    private DateTimeOffset? _lastDecision;

    /// <param name="initialTarget">The target to start from (e.g. restored after a restart); defaults to
    /// min_replicas, as SkyServe starts.</param>
    public RequestRateAutoscaler(AutoscalerOptions options, int? initialTarget = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _window = TimeSpan.FromSeconds(options.WindowSeconds);
        _upscaleDelay = TimeSpan.FromSeconds(options.UpscaleDelaySeconds);
        _downscaleDelay = TimeSpan.FromSeconds(options.DownscaleDelaySeconds);
        var start = initialTarget ?? options.MinReplicas;
        if (start < options.MinReplicas || start > options.MaxReplicas)
        {
            throw new ArgumentOutOfRangeException(nameof(initialTarget), start, $"the initial target must lie in [min_replicas, max_replicas] = [{options.MinReplicas}, {options.MaxReplicas}]");
        }

        Target = start;
    }

    public AutoscalerOptions Options => _options;

    /// <summary>The current target T (the value the last <see cref="Decide"/> returned).</summary>
    public int Target { get; private set; }

    /// <summary>Reports <paramref name="count"/> requests that arrived at <paramref name="at"/>.</summary>
    public void RecordRequests(DateTimeOffset at, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        // Callers with a coarse clock report many arrivals at one instant; one entry holds them all.
        if (_arrivals.Count > 0 && _arrivals[^1].At == at)
        {
            _arrivals[^1] = (at, _arrivals[^1].Count + count);
        }
        else
        {
            _arrivals.Add((at, count));
        }
    }

    /// <summary>Requests per second over the window ending at <paramref name="now"/>: arrivals in
    /// (now − window, now] divided by the window length (also while less than a window has passed, as SkyServe).
    /// Half-open, unlike SkyServe's closed window, so that arrivals reported at a steady cadence are counted once
    /// per window and a steady rate measures exactly.</summary>
    public double RequestRate(DateTimeOffset now) => CountInWindow(now) / _window.TotalSeconds;

    /// <summary>The target the load asks for at <paramref name="now"/>, clipped to [min, max], before hysteresis.</summary>
    public int WantedTarget(DateTimeOffset now)
    {
        if (_options.TargetQpsPerReplica is not { } perReplica)
        {
            return _options.MinReplicas;
        }

        var count = CountInWindow(now);
        if (count == 0)
        {
            return _options.MinReplicas;
        }

        var ratio = count / _window.TotalSeconds / perReplica;

        // Any traffic at all needs a replica, however small the ratio.
        var raw = Math.Max(1, Math.Ceiling(ratio - (ratio * RelativeSlack)));
        return (int)Math.Clamp(raw, _options.MinReplicas, _options.MaxReplicas);
    }

    /// <summary>Applies the hysteresis at <paramref name="now"/> and returns the (possibly new) target.</summary>
    public int Decide(DateTimeOffset now)
    {
        if (_lastDecision is { } last && now < last)
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, $"decision times must not go backwards (the previous one was {last:O})");
        }

        _lastDecision = now;
        Prune(now);
        var wanted = WantedTarget(now);
        if (wanted == Target)
        {
            ResetTimers();
        }
        else if (Target == 0)
        {
            // Scale from zero at once: a request is waiting and nothing can serve it.
            Take(wanted);
        }
        else if (wanted > Target)
        {
            _lowerSince = null;
            _higherSince ??= now;
            if (now - _higherSince.Value >= _upscaleDelay)
            {
                Take(wanted);
            }
        }
        else
        {
            _higherSince = null;
            _lowerSince ??= now;
            if (now - _lowerSince.Value >= _downscaleDelay)
            {
                Take(wanted);
            }
        }

        return Target;
    }

    private void Take(int wanted)
    {
        Target = wanted;
        ResetTimers();
    }

    private void ResetTimers()
    {
        _higherSince = null;
        _lowerSince = null;
    }

    private long CountInWindow(DateTimeOffset now)
    {
        var from = now - _window;
        long count = 0;
        foreach (var (at, n) in _arrivals)
        {
            if (at > from && at <= now)
            {
                count += n;
            }
        }

        return count;
    }

    // Decisions never go backwards, so arrivals older than this decision's window can never count again.
    private void Prune(DateTimeOffset now)
    {
        var from = now - _window;
        _arrivals.RemoveAll(a => a.At <= from);
    }
}
