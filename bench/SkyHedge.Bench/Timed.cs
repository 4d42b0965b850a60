namespace SkyHedge.Bench;

/// <summary>Wall times of repeated runs of one piece of work, and the last run's result.</summary>
internal sealed record Timed<T>(IReadOnlyList<double> Seconds, T Last)
{
    /// <summary>The median: robust to one run hitting a GC or a noisy neighbour.</summary>
    public double MedianSeconds
    {
        get
        {
            var sorted = Seconds.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
