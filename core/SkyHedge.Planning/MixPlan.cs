using SkyHedge.Core.Routing;

namespace SkyHedge.Planning;

/// <summary>The planner's answer: replicas per GPU type, what they cost, and which type serves which share of each
/// bucket.</summary>
/// <param name="Counts">Replicas per GPU id (types with none are left out).</param>
/// <param name="CostPerHour">Σ count × hourly price.</param>
/// <param name="Assignment">Per bucket and GPU type, the rate (requests/s) that type serves.</param>
/// <param name="SolveSeconds">Wall time of the solve.</param>
/// <param name="Optimal">False when the solver's time limit ran out with a feasible but unproven mix.</param>
public sealed record MixPlan(IReadOnlyDictionary<string, int> Counts, decimal CostPerHour, IReadOnlyList<MixAssignment> Assignment, double SolveSeconds, bool Optimal = true)
{
    /// <summary>The router's bucket → pool table: each bucket to the type serving most of its rate. (The router
    /// sends a bucket to one pool; a bucket split across types is a rate split, which least-load balancing across
    /// pools approximates.)</summary>
    public RoutingTable ToRoutingTable() => RoutingTable.FromRules(
        Assignment
            .GroupBy(a => (a.Input, a.Output))
            .Select(g => g.OrderByDescending(a => a.Rate).ThenBy(a => a.Gpu, StringComparer.Ordinal).First())
            .Select(a => new RoutingRule(a.Input, a.Output, a.Gpu)));
}

/// <summary>The share of one bucket's rate that one GPU type serves.</summary>
public sealed record MixAssignment(TokenRange Input, TokenRange Output, string Gpu, double Rate);

/// <summary>No mix meets the demand: the message says why (a bucket no type can serve, or caps too low).</summary>
public sealed class InfeasibleMixException(string message) : Exception(message);
