using System.Diagnostics;
using System.Globalization;
using Google.OrTools.LinearSolver;

namespace SkyHedge.Planning;

/// <summary>
/// The cost-minimal GPU mix (Mélange's ILP, arXiv 2404.14527 §5) plus what Mélange lacks: per-type caps from
/// availability and a floor on the total replica count.
/// </summary>
/// <remarks>
/// <para>Mélange gives every slice of every bucket a binary variable per GPU type. Slices of one bucket are
/// interchangeable, so this formulation counts them instead: <c>y[b,g]</c> ∈ 0..S is how many of bucket b's S
/// slices type g serves (same optimum, S-fold fewer variables and no symmetric copies for the solver to explore).
/// With rate r_b, replica throughput T[g,b] and price p_g:</para>
/// <code>
/// minimise   Σ_g p_g · n_g
/// subject to Σ_g y[b,g] = S                              for every bucket with r_b &gt; 0
///            Σ_b y[b,g] · (r_b / S) / T[g,b] ≤ n_g        for every type (load ≤ replicas)
///            y[b,g] = 0 where T[g,b] = 0;  n_g ≤ cap_g;  Σ_g n_g ≥ floor;  y, n integer ≥ 0
/// </code>
/// </remarks>
public static class MixPlanner
{
    /// <summary>Longest a solve may take before the best mix found so far is returned (<see cref="MixPlan.Optimal"/>
    /// false).</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    /// <exception cref="ArgumentException">The problem is malformed (<see cref="MixProblem.Validate"/>).</exception>
    /// <exception cref="InfeasibleMixException">No type can serve some bucket, or the caps leave too little room.</exception>
    public static MixPlan Solve(MixProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Validate();
        var clock = Stopwatch.StartNew();
        var gpus = problem.Gpus;
        var buckets = problem.Buckets;
        var slices = problem.SliceFactor;
        for (var b = 0; b < buckets.Count; b++)
        {
            if (buckets[b].Rate > 0 && Enumerable.Range(0, gpus.Count).All(g => problem.Throughput[g][b] <= 0))
            {
                throw new InfeasibleMixException(
                    $"no GPU type meets the SLO for requests of {buckets[b].Input} input × {buckets[b].Output} output tokens ({Rate(buckets[b].Rate)} requests/s)");
            }
        }

        using var solver = Solver.CreateSolver("SCIP") ?? Solver.CreateSolver("CBC")
            ?? throw new InvalidOperationException("OR-Tools has neither SCIP nor CBC in this build.");
        solver.SetTimeLimit((long)TimeLimit.TotalMilliseconds);

        var y = new Variable?[buckets.Count, gpus.Count];
        var n = new Variable[gpus.Count];
        for (var g = 0; g < gpus.Count; g++)
        {
            // Enough replicas to carry everything this type can serve, plus the floor: a bound that never binds.
            var all = Enumerable.Range(0, buckets.Count).Where(b => problem.Throughput[g][b] > 0).Sum(b => buckets[b].Rate / problem.Throughput[g][b]);
            var bound = Math.Min(gpus[g].MaxCount ?? int.MaxValue, Math.Ceiling(all) + problem.MinReplicas + 1);
            n[g] = solver.MakeIntVar(0, bound, $"n_{g}");
        }

        for (var b = 0; b < buckets.Count; b++)
        {
            if (buckets[b].Rate <= 0)
            {
                continue;
            }

            var served = solver.MakeConstraint(slices, slices, $"bucket_{b}");
            for (var g = 0; g < gpus.Count; g++)
            {
                if (problem.Throughput[g][b] > 0)
                {
                    y[b, g] = solver.MakeIntVar(0, slices, $"y_{b}_{g}");
                    served.SetCoefficient(y[b, g], 1);
                }
            }
        }

        for (var g = 0; g < gpus.Count; g++)
        {
            var load = solver.MakeConstraint(double.NegativeInfinity, 0, $"load_{g}");
            load.SetCoefficient(n[g], -1);
            for (var b = 0; b < buckets.Count; b++)
            {
                if (y[b, g] is { } v)
                {
                    load.SetCoefficient(v, buckets[b].Rate / slices / problem.Throughput[g][b]);
                }
            }
        }

        if (problem.MinReplicas > 0)
        {
            var floor = solver.MakeConstraint(problem.MinReplicas, double.PositiveInfinity, "floor");
            foreach (var count in n)
            {
                floor.SetCoefficient(count, 1);
            }
        }

        var cost = solver.Objective();
        for (var g = 0; g < gpus.Count; g++)
        {
            cost.SetCoefficient(n[g], (double)gpus[g].HourlyPrice);
        }

        cost.SetMinimization();
        var status = solver.Solve();
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
        {
            throw new InfeasibleMixException(status == Solver.ResultStatus.INFEASIBLE
                ? $"the caps ({Caps(gpus)}) leave too few replicas for {Rate(buckets.Sum(b => b.Rate))} requests/s{(problem.MinReplicas > 0 ? $" and a floor of {problem.MinReplicas}" : string.Empty)}"
                : $"the solver gave up ({status}) within {TimeLimit.TotalSeconds:0} s");
        }

        // Second pass: with the counts fixed at the cheapest mix, send each slice where its requests cost least
        // (price ÷ throughput). Capacity left over in the cheapest mix then serves the sizes it suits, so the
        // router's table sends small requests to cheap GPUs even when a large GPU could carry them for free.
        var fixedCounts = n.Select(v => Math.Round(v.SolutionValue())).ToArray();
        for (var g = 0; g < gpus.Count; g++)
        {
            n[g].SetBounds(fixedCounts[g], fixedCounts[g]);
            cost.SetCoefficient(n[g], 0);
            for (var b = 0; b < buckets.Count; b++)
            {
                if (y[b, g] is { } v)
                {
                    cost.SetCoefficient(v, buckets[b].Rate / slices * (double)gpus[g].HourlyPrice / problem.Throughput[g][b]);
                }
            }
        }

        if (solver.Solve() is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
        {
            throw new InvalidOperationException("the second pass lost the feasible mix of the first (a solver fault)");
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0m;
        for (var g = 0; g < gpus.Count; g++)
        {
            var count = (int)Math.Round(n[g].SolutionValue());
            if (count > 0)
            {
                counts[gpus[g].Id] = count;
                total += count * gpus[g].HourlyPrice;
            }
        }

        var assignment = new List<MixAssignment>();
        for (var b = 0; b < buckets.Count; b++)
        {
            for (var g = 0; g < gpus.Count; g++)
            {
                var share = y[b, g] is { } v ? (int)Math.Round(v.SolutionValue()) : 0;
                if (share > 0)
                {
                    assignment.Add(new MixAssignment(buckets[b].Input, buckets[b].Output, gpus[g].Id, buckets[b].Rate * share / slices, gpus[g].Pool));
                }
            }
        }

        return new MixPlan(counts, total, assignment, clock.Elapsed.TotalSeconds, status == Solver.ResultStatus.OPTIMAL);
    }

    private static string Rate(double rate) => rate.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Caps(IReadOnlyList<PlanGpu> gpus) =>
        string.Join(", ", gpus.Select(g => $"{g.Id} ≤ {(g.MaxCount is { } c ? c.ToString(CultureInfo.InvariantCulture) : "∞")}"));
}
