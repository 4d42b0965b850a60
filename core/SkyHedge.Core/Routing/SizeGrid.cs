namespace SkyHedge.Core.Routing;

/// <summary>
/// The request-size grid the mixed-GPU planner buckets requests on, shared by the router (which counts requests per
/// cell) and the planner (which plans per cell): prompt tokens on doubling edges from 64 to 2,048, output tokens from
/// 32 to 512, each top range open-ended. A cell is numbered <c>input index × <see cref="OutputEdges"/>.Length +
/// output index</c>.
/// </summary>
public static class SizeGrid
{
    /// <summary>Lower edges of the prompt-token ranges.</summary>
    public static readonly int[] InputEdges = [0, 64, 128, 256, 512, 1024, 2048];

    /// <summary>Lower edges of the output-token ranges.</summary>
    public static readonly int[] OutputEdges = [0, 32, 64, 128, 256, 512];

    /// <summary>Number of cells.</summary>
    public static int Cells => InputEdges.Length * OutputEdges.Length;

    /// <summary>The cell of a request with <paramref name="input"/> prompt and <paramref name="output"/> output
    /// tokens (negative counts count as 0).</summary>
    public static int Cell(int input, int output) => (Index(InputEdges, input) * OutputEdges.Length) + Index(OutputEdges, output);

    /// <summary>The token ranges of <paramref name="cell"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cell"/> is not a cell number.</exception>
    public static (TokenRange Input, TokenRange Output) Ranges(int cell)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cell);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cell, Cells);
        return (Range(InputEdges, cell / OutputEdges.Length), Range(OutputEdges, cell % OutputEdges.Length));
    }

    private static int Index(int[] edges, int tokens)
    {
        var i = edges.Length - 1;
        while (i > 0 && edges[i] > tokens)
        {
            i--;
        }

        return i;
    }

    private static TokenRange Range(int[] edges, int i) => new(edges[i], i + 1 < edges.Length ? edges[i + 1] : null);
}
