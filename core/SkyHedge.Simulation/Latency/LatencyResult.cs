namespace SkyHedge.Simulation.Latency;

/// <summary>Latency percentiles (seconds) of one simulated window, and how many requests failed (timed out).</summary>
public sealed record LatencyResult(double P50, double P90, double P99, double P999, int Requests, int Failures)
{
    public static readonly LatencyResult Empty = new(double.NaN, double.NaN, double.NaN, double.NaN, 0, 0);

    public double FailureRate => Requests == 0 ? 0 : (double)Failures / Requests;
}
