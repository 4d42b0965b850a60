namespace SkyHedge.Simulation.Latency;

/// <summary>
/// The SpotHedge artifact's latency model, kept as it is so results compare with the paper. Every client
/// replays the identical arrival sequence with its own round-robin counter over the currently active replicas,
/// so their simultaneous requests land on the same replica (why the paper's median is about 17 s on a nearly
/// idle system). Each replica serves one request at a time, FCFS, with exponential service time; a request that
/// waited longer than the timeout before service counts as a timeout; when the active count drops, the removed
/// replicas' queued requests time out; with no active replica a request times out at once.
/// </summary>
public sealed class SpotHedgeLatencyModel
{
    public const double DefaultMeanServiceSeconds = 10;
    public const double DefaultTimeoutSeconds = 100;

    private readonly double _meanService;
    private readonly double _timeout;

    public SpotHedgeLatencyModel(double meanServiceSeconds = DefaultMeanServiceSeconds, double timeoutSeconds = DefaultTimeoutSeconds)
    {
        _meanService = meanServiceSeconds;
        _timeout = timeoutSeconds;
    }

    /// <param name="activeCounts">Active replicas during each tick, from the first evaluated tick on.</param>
    /// <param name="arrivals">One client's arrival times in seconds from the first evaluated tick, ascending.</param>
    public LatencyResult Run(ReadOnlySpan<int> activeCounts, double tickSeconds, double[] arrivals, int clients, Random random)
    {
        var end = (activeCounts.Length * tickSeconds) + 1;
        var latencies = new List<double>(arrivals.Length * clients);
        var failures = 0;
        var nodes = new List<Node>();
        var counter = 0;
        var next = 0;
        for (var k = 0; k < activeCounts.Length; k++)
        {
            var now = k * tickSeconds;
            Resize(nodes, activeCounts[k], now, latencies, ref failures, random);
            var until = (k + 1) * tickSeconds;
            for (; next < arrivals.Length && arrivals[next] < until; next++)
            {
                var at = arrivals[next];
                if (nodes.Count == 0)
                {
                    for (var c = 0; c < clients; c++)
                    {
                        latencies.Add(_timeout);
                        failures++;
                    }

                    continue;
                }

                var node = nodes[counter % nodes.Count];
                counter++;
                for (var c = 0; c < clients; c++)
                {
                    node.Queue.Enqueue(at);
                }
            }
        }

        foreach (var node in nodes)
        {
            Advance(node, end, end, latencies, ref failures, random);
        }

        return Summarise(latencies, failures);
    }

    private void Resize(List<Node> nodes, int count, double now, List<double> latencies, ref int failures, Random random)
    {
        while (nodes.Count < count)
        {
            nodes.Add(new Node());
        }

        while (nodes.Count > count)
        {
            var node = nodes[^1];
            nodes.RemoveAt(nodes.Count - 1);
            Advance(node, now, double.PositiveInfinity, latencies, ref failures, random);
            failures += node.Queue.Count;
            for (; node.Queue.Count > 0; node.Queue.Dequeue())
            {
                latencies.Add(_timeout);
            }
        }
    }

    // Serves, in order, every queued request whose service starts by `until`. A request is recorded when it
    // completes, so one still in service at `horizon` (the end of the run) is not counted, as in the artifact.
    private void Advance(Node node, double until, double horizon, List<double> latencies, ref int failures, Random random)
    {
        while (node.Queue.Count > 0)
        {
            var arrival = node.Queue.Peek();
            var start = Math.Max(node.BusyUntil, arrival);
            if (start > until)
            {
                return;
            }

            node.Queue.Dequeue();
            if (start - arrival > _timeout)
            {
                latencies.Add(_timeout);
                failures++;
                continue;
            }

            var service = -Math.Log(1 - random.NextDouble()) * _meanService;
            node.BusyUntil = start + service;
            if (node.BusyUntil <= horizon)
            {
                latencies.Add(node.BusyUntil - arrival);
            }
        }
    }

    private static LatencyResult Summarise(List<double> latencies, int failures)
    {
        if (latencies.Count == 0)
        {
            return LatencyResult.Empty;
        }

        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LatencyResult(
            Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), Percentile(sorted, 99.9), sorted.Length, failures);
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default), on a sorted array.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((rank - lo) * (sorted[hi] - sorted[lo]));
    }

    private sealed class Node
    {
        public Queue<double> Queue { get; } = new();

        public double BusyUntil { get; set; }
    }
}
