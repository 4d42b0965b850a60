namespace SkyHedge.Simulation.Workloads;

/// <summary>
/// A request arrival sequence, replayed by each of the latency model's clients. Arrival times are seconds from
/// the start of the evaluated part of a window; the sequence repeats when a window outlasts it (as the paper's
/// artifact does).
/// </summary>
public sealed class Workload
{
    private readonly double[] _arrivals;
    private readonly double _lapSeconds;

    /// <param name="arrivals">One lap of arrival times in seconds, ascending, within [0, lapSeconds].</param>
    /// <param name="lapSeconds">After this long the sequence starts again.</param>
    public Workload(string name, double[] arrivals, double lapSeconds, int clients)
    {
        if (arrivals.Length == 0 || !(lapSeconds > 0) || arrivals[^1] > lapSeconds)
        {
            throw new ArgumentException($"workload {name} has no arrivals", nameof(arrivals));
        }

        Name = name;
        _arrivals = arrivals;
        _lapSeconds = lapSeconds;
        Clients = clients;
    }

    /// <summary>As given on the command line, e.g. <c>poisson:0.15</c>.</summary>
    public string Name { get; }

    /// <summary>How many clients replay the same sequence (the artifact's 3).</summary>
    public int Clients { get; }

    /// <summary>Arrivals in one lap.</summary>
    public int Length => _arrivals.Length;

    /// <summary>A workload from interarrival gaps, which repeat after the last one (as the artifact does).</summary>
    public static Workload FromGaps(string name, double[] gaps, int clients)
    {
        var arrivals = new double[gaps.Length];
        double t = 0;
        for (var i = 0; i < gaps.Length; i++)
        {
            t += gaps[i];
            arrivals[i] = t;
        }

        return new Workload(name, arrivals, t, clients);
    }

    /// <summary>Arrival times of one client within [0, horizon).</summary>
    public double[] ArrivalsUntil(double horizonSeconds)
    {
        var result = new List<double>();
        for (var lap = 0; ; lap++)
        {
            foreach (var a in _arrivals)
            {
                var t = (lap * _lapSeconds) + a;
                if (t >= horizonSeconds)
                {
                    return result.ToArray();
                }

                result.Add(t);
            }
        }
    }
}
