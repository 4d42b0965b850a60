using SkyHedge.Core.Routing;

namespace SkyHedge.Planning;

/// <summary>Something the planner may buy replicas of: a GPU type, or one offering of it (a market in a location).</summary>
/// <param name="Id">Unique within a problem: the GPU id (e.g. <c>A10G</c>), or an offering such as
/// <c>A10G/spot/us-east-1a</c> when one GPU is bought several ways.</param>
/// <param name="HourlyPrice">$/h of one replica.</param>
/// <param name="MaxCount">At most this many replicas (availability: capacity errors, a capacity trace); null for
/// no cap.</param>
/// <param name="Gpu">The GPU, which is the router's pool name; null means <paramref name="Id"/> is the GPU.
/// Offerings of one GPU share its throughputs and its pool.</param>
public sealed record PlanGpu(string Id, decimal HourlyPrice, int? MaxCount = null, string? Gpu = null)
{
    /// <summary>The router pool this capacity serves.</summary>
    public string Pool => Gpu ?? Id;
}

/// <summary>A request-size bucket and the request rate that falls into it.</summary>
/// <param name="Input">Prompt tokens, <c>lo ≤ n &lt; hi</c>.</param>
/// <param name="Output">Output tokens, <c>lo ≤ n &lt; hi</c>.</param>
/// <param name="Rate">Requests per second in this bucket.</param>
public sealed record PlanBucket(TokenRange Input, TokenRange Output, double Rate);

/// <summary>
/// One planning problem, Mélange's (arXiv 2404.14527, section 5): buckets × GPU types with the rate one replica of
/// each type sustains for each bucket within the SLO. Each bucket's rate is cut into <see cref="SliceFactor"/> equal
/// slices, each served wholly by one GPU type; a type's replicas must carry the load of the slices it serves.
/// </summary>
/// <param name="Gpus">The GPU types to choose from.</param>
/// <param name="Buckets">The request-size buckets with their rates.</param>
/// <param name="Throughput"><c>Throughput[g][b]</c>: requests/s one replica of <c>Gpus[g]</c> sustains for
/// <c>Buckets[b]</c> within the SLO; 0 when it cannot serve that bucket at all.</param>
/// <param name="SliceFactor">Slices per bucket (Mélange's default 8); 1 gives every bucket to one type.</param>
/// <param name="MinReplicas">At least this many replicas in total (a floor for availability; 0 for none).</param>
public sealed record MixProblem(
    IReadOnlyList<PlanGpu> Gpus, IReadOnlyList<PlanBucket> Buckets, IReadOnlyList<IReadOnlyList<double>> Throughput, int SliceFactor = 8, int MinReplicas = 0)
{
    /// <summary>Checks shapes and ranges; the message says what is wrong.</summary>
    /// <exception cref="ArgumentException">A mismatch or a value out of range.</exception>
    public void Validate()
    {
        Require(Gpus.Count > 0, "at least one GPU type is needed");
        Require(Gpus.Select(g => g.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() == Gpus.Count, "a GPU type is listed twice");
        Require(Gpus.All(g => g.HourlyPrice > 0), "every GPU needs a positive price");
        Require(Gpus.All(g => g.MaxCount is null or >= 0), "a cap cannot be negative");
        Require(Buckets.All(b => double.IsFinite(b.Rate) && b.Rate >= 0), "every bucket's rate must be 0 or more");
        Require(Throughput.Count == Gpus.Count && Throughput.All(row => row.Count == Buckets.Count), $"the throughput table must be {Gpus.Count} GPUs × {Buckets.Count} buckets");
        Require(Throughput.All(row => row.All(t => double.IsFinite(t) && t >= 0)), "throughputs must be 0 or more");
        Require(SliceFactor is >= 1 and <= 64, $"the slice factor must be 1 to 64, got {SliceFactor}");
        Require(MinReplicas >= 0, "the replica floor cannot be negative");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
