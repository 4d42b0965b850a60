using SkyHedge.Core.Routing;

namespace SkyHedge.Planning;

/// <summary>
/// The demand a plan serves: request sizes binned into a grid of input × output token ranges, each bucket with its
/// share of the requests and a representative size: the mean of its requests' inputs and outputs, rounded up. The mean,
/// not a high percentile, because a replica's steady load is set by the mean work per request (Little's law: requests
/// in flight = rate × mean output tokens × time per token; prefill time is the mean prompt's), and every request in a
/// batch sees the same step time whatever its own size. Requests longer than the model's context are left out and
/// counted: no replica can serve them.
/// </summary>
public sealed record Demand(IReadOnlyList<Demand.Bucket> Buckets, int Requests, int TooLong)
{
    /// <summary>Input edges: powers of two from 64 to 2,048 tokens (Mélange buckets on a similar doubling grid).</summary>
    public static readonly int[] InputEdges = [0, 64, 128, 256, 512, 1024, 2048];

    /// <summary>Output edges.</summary>
    public static readonly int[] OutputEdges = [0, 32, 64, 128, 256, 512];

    /// <summary>One non-empty bucket.</summary>
    /// <param name="Share">Its fraction of the requests that fit the context.</param>
    /// <param name="Input">Representative prompt tokens (the bucket's mean, rounded up).</param>
    /// <param name="Output">Representative output tokens (the bucket's mean, rounded up).</param>
    public sealed record Bucket(TokenRange InputRange, TokenRange OutputRange, double Share, int Input, int Output);

    /// <summary>Bins <paramref name="sizes"/>; requests whose input + output exceeds
    /// <paramref name="maxContextTokens"/> are left out (counted in <see cref="TooLong"/>).</summary>
    /// <exception cref="ArgumentException">No request fits the context.</exception>
    public static Demand From(IReadOnlyList<(int Input, int Output)> sizes, int maxContextTokens)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var fitting = sizes.Where(s => s.Input + s.Output <= maxContextTokens).ToList();
        if (fitting.Count == 0)
        {
            throw new ArgumentException($"none of the {sizes.Count} requests fits the model's {maxContextTokens}-token context");
        }

        var buckets = fitting
            .GroupBy(s => (In: Edge(InputEdges, s.Input), Out: Edge(OutputEdges, s.Output)))
            .OrderBy(g => g.Key.In)
            .ThenBy(g => g.Key.Out)
            .Select(g => new Bucket(
                Range(InputEdges, g.Key.In),
                Range(OutputEdges, g.Key.Out),
                (double)g.Count() / fitting.Count,
                CeilingMean(g.Select(s => s.Input)),
                CeilingMean(g.Select(s => s.Output))))
            .ToList();
        return new Demand(buckets, sizes.Count, sizes.Count - fitting.Count);
    }

    /// <summary>The index in <see cref="Buckets"/> of a request of this size, or -1 when no bucket holds it (it was
    /// not in the data the demand was built from, or is too long).</summary>
    public int IndexOf(int input, int output)
    {
        for (var i = 0; i < Buckets.Count; i++)
        {
            if (Buckets[i].InputRange.Contains(input) && Buckets[i].OutputRange.Contains(output))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The buckets at <paramref name="rate"/> requests/s in total (spread by share).</summary>
    public IReadOnlyList<PlanBucket> At(double rate) => [.. Buckets.Select(b => new PlanBucket(b.InputRange, b.OutputRange, rate * b.Share))];

    private static int Edge(int[] edges, int tokens)
    {
        var i = edges.Length - 1;
        while (edges[i] > tokens)
        {
            i--;
        }

        return i;
    }

    private static TokenRange Range(int[] edges, int i) => new(edges[i], i + 1 < edges.Length ? edges[i + 1] : null);

    private static int CeilingMean(IEnumerable<int> values) => Math.Max(1, (int)Math.Ceiling(values.Average(v => (double)v)));
}
