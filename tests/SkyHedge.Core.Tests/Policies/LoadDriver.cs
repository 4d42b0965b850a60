using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

/// <summary>Feeds an autoscaler a steady request rate in 20 s batches and decides after each batch, the way
/// the control loop does.</summary>
internal sealed class LoadDriver(RequestRateAutoscaler scaler, DateTimeOffset start)
{
    public const int IntervalSeconds = 20;

    public DateTimeOffset Now { get; private set; } = start;

    /// <summary>Every target returned so far.</summary>
    public List<int> Targets { get; } = [];

    /// <summary>Runs <paramref name="seconds"/> of load at <paramref name="qps"/>; returns the targets of these
    /// decisions (the i-th at <see cref="Now"/> before the call + 20 s × (i + 1)).</summary>
    public List<int> Run(double qps, int seconds)
    {
        var targets = new List<int>();
        for (var elapsed = IntervalSeconds; elapsed <= seconds; elapsed += IntervalSeconds)
        {
            Now = Now.AddSeconds(IntervalSeconds);
            scaler.RecordRequests(Now, (int)Math.Round(qps * IntervalSeconds));
            targets.Add(scaler.Decide(Now));
        }

        Targets.AddRange(targets);
        return targets;
    }
}
