namespace SkyHedge.Simulation.Workloads;

/// <summary>
/// A request arrival sequence, replayed by each of the latency model's clients. Arrival times are seconds from
/// the start of the evaluated part of a window; the sequence repeats when a window outlasts it (as the paper's
/// artifact does).
/// </summary>
public sealed class Workload
{
    private readonly double[] _interarrivals;

    public Workload(string name, double[] interarrivals, int clients)
    {
        if (interarrivals.Length == 0 || interarrivals.Sum() <= 0)
        {
            throw new ArgumentException($"workload {name} has no arrivals", nameof(interarrivals));
        }

        Name = name;
        _interarrivals = interarrivals;
        Clients = clients;
    }

    /// <summary>As given on the command line, e.g. <c>poisson:0.15</c>.</summary>
    public string Name { get; }

    /// <summary>How many clients replay the same sequence (the artifact's 3).</summary>
    public int Clients { get; }

    public int Length => _interarrivals.Length;

    /// <summary>Arrival times of one client within [0, horizon).</summary>
    public double[] ArrivalsUntil(double horizonSeconds)
    {
        var result = new List<double>();
        double t = 0;
        for (var i = 0; ; i++)
        {
            t += _interarrivals[i % _interarrivals.Length];
            if (t >= horizonSeconds)
            {
                return result.ToArray();
            }

            result.Add(t);
        }
    }
}
