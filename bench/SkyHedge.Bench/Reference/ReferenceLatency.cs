namespace SkyHedge.Bench.Reference;

/// <summary>
/// The latency half of the reference: the artifact's serving model run the way its simpy code runs it, on a
/// clock that advances in fixed steps (0.01 s) with every server polling its queue at every step. Same rules as
/// the product's model (3 clients replay one arrival sequence, per-client round-robin over the active replicas,
/// FCFS, exponential service, timeout before service, queued requests of a removed replica time out), but
/// nothing event-driven: each request's service start is quantised to the step, and service times are drawn in
/// global time order rather than per replica, so percentiles differ slightly (and by RNG draw order).
/// </summary>
internal sealed class ReferenceLatency
{
    public const double StepSeconds = 0.01;

    private readonly double _meanService;
    private readonly double _timeout;

    public ReferenceLatency(double meanServiceSeconds, double timeoutSeconds)
    {
        _meanService = meanServiceSeconds;
        _timeout = timeoutSeconds;
    }

    /// <param name="activeCounts">Active replicas in each evaluated tick.</param>
    /// <param name="arrivals">One client's arrival times (seconds from the first evaluated tick), ascending.</param>
    public ReferenceLatencyResult Run(ReadOnlySpan<int> activeCounts, double tickSeconds, double[] arrivals, int clients, Random random)
    {
        var end = (activeCounts.Length * tickSeconds) + 1;
        var latencies = new List<double>();
        var failures = 0;
        var nodes = new List<Server>();
        var counter = 0;
        var next = 0;
        var tick = -1;
        var steps = (long)Math.Floor(end / StepSeconds);
        for (long step = 0; step <= steps; step++)
        {
            var now = step * StepSeconds;
            var k = (int)Math.Floor((now / tickSeconds) + 1e-9);

            // Requests of the tick that just ended still go to that tick's replicas.
            var tickStart = Math.Min(k, activeCounts.Length) * tickSeconds;
            for (; next < arrivals.Length && arrivals[next] <= now && arrivals[next] < tickStart; next++)
            {
                Route(nodes, arrivals[next], clients, ref counter, latencies, ref failures);
            }

            foreach (var node in nodes)
            {
                Poll(node, now, end, latencies, ref failures, random);
            }

            if (k != tick && k < activeCounts.Length)
            {
                tick = k;
                Resize(nodes, activeCounts[k], latencies, ref failures);
            }

            for (; next < arrivals.Length && arrivals[next] <= now; next++)
            {
                Route(nodes, arrivals[next], clients, ref counter, latencies, ref failures);
            }
        }

        return ReferenceLatencyResult.From(latencies, failures);
    }

    private void Route(List<Server> nodes, double at, int clients, ref int counter, List<double> latencies, ref int failures)
    {
        if (nodes.Count == 0)
        {
            for (var c = 0; c < clients; c++)
            {
                latencies.Add(_timeout);
                failures++;
            }

            return;
        }

        var node = nodes[counter % nodes.Count];
        counter++;
        for (var c = 0; c < clients; c++)
        {
            node.Queue.Add(at);
        }
    }

    // One poll of one server at time `now`: finish the request in service if its time is up, then start the
    // next queued one (dropping those that waited past the timeout).
    private void Poll(Server node, double now, double end, List<double> latencies, ref int failures, Random random)
    {
        if (node.Busy && node.BusyUntil <= now)
        {
            node.Busy = false;
            if (node.BusyUntil <= end)
            {
                latencies.Add(node.BusyUntil - node.InService);
            }
        }

        while (!node.Busy && node.Queue.Count > 0)
        {
            var arrival = node.Queue[0];
            node.Queue.RemoveAt(0);
            if (now - arrival > _timeout)
            {
                latencies.Add(_timeout);
                failures++;
                continue;
            }

            node.Busy = true;
            node.InService = arrival;
            node.BusyUntil = now + (-Math.Log(1 - random.NextDouble()) * _meanService);
        }
    }

    // A removed replica finishes the request it is serving; everything still queued on it times out.
    private void Resize(List<Server> nodes, int count, List<double> latencies, ref int failures)
    {
        while (nodes.Count < count)
        {
            nodes.Add(new Server());
        }

        while (nodes.Count > count)
        {
            var node = nodes[^1];
            nodes.RemoveAt(nodes.Count - 1);
            if (node.Busy)
            {
                latencies.Add(node.BusyUntil - node.InService);
            }

            foreach (var _ in node.Queue)
            {
                latencies.Add(_timeout);
                failures++;
            }
        }
    }

    private sealed class Server
    {
        public List<double> Queue { get; } = [];

        public bool Busy { get; set; }

        /// <summary>Arrival time of the request in service.</summary>
        public double InService { get; set; }

        public double BusyUntil { get; set; }
    }
}
