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
    public static int[] InputEdges => SizeGrid.InputEdges;

    /// <summary>Output edges.</summary>
    public static int[] OutputEdges => SizeGrid.OutputEdges;

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
            .GroupBy(s => SizeGrid.Cell(s.Input, s.Output))
            .OrderBy(g => g.Key)
            .Select(g => new Bucket(
                SizeGrid.Ranges(g.Key).Input,
                SizeGrid.Ranges(g.Key).Output,
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

    /// <summary>
    /// The demand of a histogram of request counts per <see cref="SizeGrid"/> cell (what the router records), each
    /// bucket sized at the middle of its ranges (an open-ended top range at 1.5 × its lower edge), within
    /// <paramref name="maxContextTokens"/>. Empty (no buckets) when the histogram is.
    /// </summary>
    /// <exception cref="ArgumentException">A cell number is out of range or a count is negative.</exception>
    public static Demand FromHistogram(IReadOnlyDictionary<int, long> cells, int maxContextTokens)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Any(c => c.Key < 0 || c.Key >= SizeGrid.Cells || c.Value < 0))
        {
            throw new ArgumentException("request-size histogram: a cell is out of range or a count is negative");
        }

        var total = cells.Values.Sum();
        var buckets = cells.Where(c => c.Value > 0).OrderBy(c => c.Key).Select(c =>
        {
            var (input, output) = SizeGrid.Ranges(c.Key);
            var i = Middle(input);
            var o = Middle(output);
            if (i + o > maxContextTokens)
            {
                i = Math.Max(1, maxContextTokens - o);
            }

            return new Bucket(input, output, (double)c.Value / total, i, o);
        }).ToList();
        return new Demand(buckets, (int)Math.Min(int.MaxValue, total), 0);
    }

    private static int Middle(TokenRange range) => Math.Max(1, range.High is { } high ? (range.Low + high) / 2 : range.Low * 3 / 2);

    /// <summary>The buckets at <paramref name="rate"/> requests/s in total (spread by share).</summary>
    public IReadOnlyList<PlanBucket> At(double rate) => [.. Buckets.Select(b => new PlanBucket(b.InputRange, b.OutputRange, rate * b.Share))];

    private static int CeilingMean(IEnumerable<int> values) => Math.Max(1, (int)Math.Ceiling(values.Average(v => (double)v)));
}
