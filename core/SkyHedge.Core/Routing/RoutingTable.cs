using System.Text.Json;
using SkyHedge.Core.Model;

namespace SkyHedge.Core.Routing;

/// <summary>
/// A service's request-size routing table: which GPU pool serves a request of a given (input, output) token size.
/// Stored on the service's row as JSON, <c>[{"input":[lo,hi],"output":[lo,hi],"pool":"A10G"}, …]</c> — the shape of
/// the mixed-GPU planner's <c>assignment</c> — where each range is <c>lo ≤ n &lt; hi</c> and <c>hi</c> may be
/// <c>null</c> (no upper bound). The first matching rule wins. The empty table (the default) sends everything to one
/// pool of all replicas.
/// </summary>
public sealed class RoutingTable
{
    /// <summary>Most rules accepted: the planner's buckets × GPU types stay far below this.</summary>
    public const int MaxRules = 1024;

    private RoutingTable(IReadOnlyList<RoutingRule> rules)
    {
        Rules = rules;
        Pools = [.. rules.Select(r => r.Pool).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>No rules: one pool of everything.</summary>
    public static RoutingTable Empty { get; } = new([]);

    public IReadOnlyList<RoutingRule> Rules { get; }

    /// <summary>The pools the rules name, in first-mention order.</summary>
    public IReadOnlyList<string> Pools { get; }

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>The pool for a request of this size, or null when no rule matches (or the table is empty).</summary>
    public string? Lookup(int inputTokens, int outputTokens)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(inputTokens, outputTokens))
            {
                return rule.Pool;
            }
        }

        return null;
    }

    /// <summary>Builds a table from rules already checked by the caller (GPU names are normalised here).</summary>
    public static RoutingTable FromRules(IEnumerable<RoutingRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new RoutingTable([.. rules.Select(r => r with { Pool = Accelerators.Normalize(r.Pool) })]);
    }

    /// <summary>Parses the stored JSON. Null, empty or whitespace text is the empty table.</summary>
    /// <exception cref="FormatException">The text is not such a list; the message names the entry and what was
    /// expected, e.g. <c>routing[2].input: expected [lo, hi] with 0 ≤ lo &lt; hi, got [5,5]</c>.</exception>
    public static RoutingTable Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"routing: not valid JSON ({ex.Message})", ex);
        }
        catch (ArgumentException ex)
        {
            // A string holding half a surrogate pair cannot be transcoded to UTF-8.
            throw new FormatException($"routing: not valid JSON text, half of a UTF-16 surrogate pair is not a character ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"routing: expected a list of {{\"input\":[lo,hi],\"output\":[lo,hi],\"pool\":\"GPU\"}}, got {root.ValueKind}");
            }

            if (root.GetArrayLength() > MaxRules)
            {
                throw new FormatException($"routing: at most {MaxRules} rules, got {root.GetArrayLength()}");
            }

            var rules = new List<RoutingRule>();
            var index = 0;
            foreach (var entry in root.EnumerateArray())
            {
                try
                {
                    rules.Add(ParseRule(entry, $"routing[{index}]"));
                }
                catch (InvalidOperationException ex)
                {
                    // Reading a name or string escaping half a surrogate pair ("\ud800") throws; JSON parsing did not.
                    throw new FormatException($"routing[{index}]: expected text, got a string escaping half a UTF-16 surrogate pair ({ex.Message})", ex);
                }

                index++;
            }

            return new RoutingTable(rules);
        }
    }

    /// <summary>The stored form (compact JSON, canonical GPU ids).</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(Rules.Select(r => new Dictionary<string, object?>
        {
            ["input"] = new int?[] { r.Input.Low, r.Input.High },
            ["output"] = new int?[] { r.Output.Low, r.Output.High },
            ["pool"] = r.Pool,
        }));

    private static RoutingRule ParseRule(JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected an object with input, output and pool, got {entry.ValueKind}");
        }

        var names = entry.EnumerateObject().Select(p => p.Name).ToArray();
        if (names.FirstOrDefault(n => n is not ("input" or "output" or "pool")) is { } unknown)
        {
            throw new FormatException($"{path}: unknown key '{unknown}'; expected input, output and pool");
        }

        if (!entry.TryGetProperty("pool", out var pool) || pool.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"{path}.pool: expected a GPU id such as \"A10G\"");
        }

        if (!Accelerators.TryNormalize(pool.GetString(), out var gpu))
        {
            throw new FormatException($"{path}.pool: unknown GPU '{pool.GetString()}'; known: {Accelerators.KnownNamesText}");
        }

        return new RoutingRule(Range(entry, "input", path), Range(entry, "output", path), gpu);
    }

    private static TokenRange Range(JsonElement entry, string name, string path)
    {
        var where = $"{path}.{name}";
        if (!entry.TryGetProperty(name, out var range))
        {
            return new TokenRange(0, null); // an omitted dimension matches every size
        }

        // TryGetInt32 throws on a non-number, so the kinds are checked first.
        if (range.ValueKind != JsonValueKind.Array || range.GetArrayLength() != 2
            || range[0].ValueKind != JsonValueKind.Number || !range[0].TryGetInt32(out var low) || low < 0
            || (range[1].ValueKind != JsonValueKind.Null
                && (range[1].ValueKind != JsonValueKind.Number || !range[1].TryGetInt32(out var high) || high <= low)))
        {
            throw new FormatException($"{where}: expected [lo, hi] with 0 ≤ lo < hi (hi may be null for no bound), got {range.GetRawText()}");
        }

        return new TokenRange(low, range[1].ValueKind == JsonValueKind.Null ? null : range[1].GetInt32());
    }
}
