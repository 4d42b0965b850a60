using System.Globalization;

namespace SkyHedge.Planning;

/// <summary>
/// Request sizes (prompt and output tokens) read from a request file: the Azure LLM inference trace
/// (<c>ContextTokens</c>, <c>GeneratedTokens</c>) or ShareGPT length stats (<c>num_prefill_tokens</c>,
/// <c>num_decode_tokens</c>), recognised by their header; other columns are ignored.
/// </summary>
public static class RequestSizes
{
    private static readonly (string Input, string Output)[] Layouts =
    [
        ("ContextTokens", "GeneratedTokens"),
        ("num_prefill_tokens", "num_decode_tokens"),
        ("input_tokens", "output_tokens"),
    ];

    /// <summary>Every request's (input, output) tokens, in file order. Output counts of 0 are read as 1 (one token is
    /// always generated).</summary>
    /// <exception cref="InvalidDataException">The file cannot be read, has no known header, or a row is malformed
    /// (the message names the line).</exception>
    public static IReadOnlyList<(int Input, int Output)> Load(string path)
    {
        var lines = InputFile.ReadLines(path, "request sizes");

        var header = lines.Length > 0 ? lines[0].Trim().Split(',') : [];
        var layout = Layouts.Select(l => (In: Array.IndexOf(header, l.Input), Out: Array.IndexOf(header, l.Output))).FirstOrDefault(l => l.In >= 0 && l.Out >= 0);
        if (layout == default)
        {
            throw new InvalidDataException(
                $"{path}: expected a header with {string.Join(" or ", Layouts.Select(l => $"{l.Input},{l.Output}"))}; got '{(lines.Length > 0 ? lines[0] : string.Empty)}'");
        }

        var sizes = new List<(int, int)>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length <= Math.Max(layout.In, layout.Out) || !Tokens(fields[layout.In], out var input) || !Tokens(fields[layout.Out], out var output) || input < 1)
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected token counts (input ≥ 1, output ≥ 0), got '{line}'");
            }

            sizes.Add((input, Math.Max(1, output)));
        }

        if (sizes.Count == 0)
        {
            throw new InvalidDataException($"{path}: no requests");
        }

        return sizes;
    }

    private static bool Tokens(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
