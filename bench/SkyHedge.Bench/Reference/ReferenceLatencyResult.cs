namespace SkyHedge.Bench.Reference;

/// <summary>Latency percentiles (seconds) of one reference run; NaN when no request completed.</summary>
internal sealed record ReferenceLatencyResult(double P50, double P90, double P99, int Requests, int Failures)
{
    public static ReferenceLatencyResult From(List<double> latencies, int failures)
    {
        if (latencies.Count == 0)
        {
            return new ReferenceLatencyResult(double.NaN, double.NaN, double.NaN, 0, failures);
        }

        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new ReferenceLatencyResult(Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted.Length, failures);
    }

    // Linear interpolation between closest ranks, as numpy (and the paper's scripts) do.
    private static double Percentile(double[] sorted, double p)
    {
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((rank - lo) * (sorted[hi] - sorted[lo]));
    }
}
