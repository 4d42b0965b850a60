using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;

namespace SkyHedge.Planning;

/// <summary>Builds planner problems from a demand, GPU types and the performance model, and compares a mix with the
/// single-type allocations it should beat.</summary>
public static class MixPlanning
{
    /// <summary>Requests/s one replica of a GPU type sustains for a bucket (0: it cannot serve it).</summary>
    public delegate double Throughput(string gpu, Demand.Bucket bucket);

    /// <summary>Throughput from <see cref="GpuPerformanceModel.MaxRequestRate"/> at the bucket's representative size.</summary>
    /// <exception cref="ArgumentException">A GPU has no spec in <paramref name="catalog"/> (when asked).</exception>
    public static Throughput FromModel(ModelProfile profile, TimeSpan tpotSlo, TimeSpan? ttftSlo = null, GpuCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var specs = catalog ?? GpuCatalog.Default;
        var models = new Dictionary<string, GpuPerformanceModel>(StringComparer.OrdinalIgnoreCase);
        return (gpu, bucket) =>
        {
            if (!models.TryGetValue(gpu, out var model))
            {
                var spec = specs.Find(gpu) ?? throw new ArgumentException($"no GPU spec for '{gpu}' (known: {string.Join(", ", specs.All.Select(s => s.Id))})");
                models[gpu] = model = new GpuPerformanceModel(spec, profile);
            }

            return model.MaxRequestRate(bucket.Input, bucket.Output, tpotSlo, ttftSlo);
        };
    }

    /// <summary>The problem of serving <paramref name="demand"/> at <paramref name="rate"/> requests/s with
    /// <paramref name="gpus"/>.</summary>
    public static MixProblem Problem(Demand demand, double rate, IReadOnlyList<PlanGpu> gpus, Throughput throughput, int sliceFactor = 8, int minReplicas = 0)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(gpus);
        ArgumentNullException.ThrowIfNull(throughput);
        return new MixProblem(
            gpus,
            demand.At(rate),
            [.. gpus.Select(g => (IReadOnlyList<double>)[.. demand.Buckets.Select(b => throughput(g.Pool, b))])],
            sliceFactor,
            minReplicas);
    }

    /// <summary>Each GPU alone (all its offerings, if several): the same problem restricted to that pool, or null
    /// where it cannot carry the demand. In the order the GPUs first appear.</summary>
    public static IReadOnlyList<(string Gpu, MixPlan? Plan)> SingleTypeBaselines(MixProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return [.. problem.Gpus.Select(g => g.Pool).Distinct(StringComparer.Ordinal).Select(pool =>
        {
            var keep = Enumerable.Range(0, problem.Gpus.Count).Where(g => problem.Gpus[g].Pool == pool).ToList();
            try
            {
                return (pool, (MixPlan?)MixPlanner.Solve(problem with
                {
                    Gpus = [.. keep.Select(g => problem.Gpus[g])],
                    Throughput = [.. keep.Select(g => problem.Throughput[g])],
                }));
            }
            catch (InfeasibleMixException)
            {
                return (pool, null);
            }
        })];
    }
}
