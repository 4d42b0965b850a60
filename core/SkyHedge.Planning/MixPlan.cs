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
    /// <summary>The router's bucket → pool table: each bucket to the pool serving most of its rate. (The router
    /// sends a bucket to one pool; a bucket split across types is a rate split, which least-load balancing across
    /// pools approximates.)</summary>
    public RoutingTable ToRoutingTable() => RoutingTable.FromRules(
        Assignment
            .GroupBy(a => (a.Input, a.Output))
            .Select(bucket => bucket
                .GroupBy(a => a.Pool, StringComparer.Ordinal)
                .Select(pool => (Pool: pool.Key, Rate: pool.Sum(a => a.Rate)))
                .OrderByDescending(p => p.Rate)
                .ThenBy(p => p.Pool, StringComparer.Ordinal)
                .Select(p => new RoutingRule(bucket.Key.Input, bucket.Key.Output, p.Pool))
                .First()));
}

/// <summary>The share of one bucket's rate that one GPU type (or offering, <see cref="PlanGpu.Id"/>) serves.</summary>
/// <param name="Pool">The router pool of <paramref name="Gpu"/> (<see cref="PlanGpu.Pool"/>).</param>
public sealed record MixAssignment(TokenRange Input, TokenRange Output, string Gpu, double Rate, string Pool);

/// <summary>No mix meets the demand: the message says why (a bucket no type can serve, or caps too low).</summary>
public sealed class InfeasibleMixException(string message) : Exception(message);
