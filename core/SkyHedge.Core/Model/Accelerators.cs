using System.Collections.Frozen;
using System.Globalization;

namespace SkyHedge.Core.Model;

/// <summary>
/// GPU names: the canonical ids every part of SkyHedge uses, the one alias table that maps other spellings to
/// them, and the SkyPilot <c>NAME[:COUNT]</c> request syntax.
/// </summary>
/// <remarks>
/// <para>Canonical ids are the SkyPilot catalog's <c>AcceleratorName</c> values: <c>T4</c>, <c>L4</c>,
/// <c>A10G</c>, <c>V100</c>, <c>V100-32GB</c>, <c>A100</c> (40 GB), <c>A100-80GB</c>, <c>H100</c> (80 GB).
/// <c>V100-32GB</c> is kept as its own id rather than folded into <c>V100</c>: it has twice the memory, which
/// decides whether a model fits, and both AWS (p3dn) and Azure (ND40rs_v2) sell it under that name.</para>
/// <para>Aliases (all matching is case-insensitive and ignores surrounding whitespace):</para>
/// <list type="table">
/// <listheader><term>alias</term><description>canonical id — why</description></listheader>
/// <item><term><c>A10G (PCIe)</c></term><description><c>A10G</c> — Mélange paper's table</description></item>
/// <item><term><c>A10</c></term><description><c>A10G</c> — Azure's name (NVads A10 v5); same GA102 class, 24 GB,
/// treated as one GPU type for planning</description></item>
/// <item><term><c>A100-40GB</c>, <c>A100-40G</c></term><description><c>A100</c> — the catalog's A100 is the 40 GB part</description></item>
/// <item><term><c>A100-80G</c>, <c>A100-80G (SXM)</c></term><description><c>A100-80GB</c> — Mélange paper spelling</description></item>
/// <item><term><c>H100 (SXM)</c>, <c>H100-80GB</c></term><description><c>H100</c> — Mélange paper / vendor spelling</description></item>
/// <item><term><c>V100-16GB</c></term><description><c>V100</c> — the catalog's V100 is the 16 GB part</description></item>
/// </list>
/// <para>Adding a GPU is one line in <see cref="Canonical"/> (plus price rows in <c>Data/prices.csv</c>).</para>
/// </remarks>
public static class Accelerators
{
    public const string T4 = "T4";
    public const string L4 = "L4";
    public const string A10G = "A10G";
    public const string V100 = "V100";
    public const string V100_32GB = "V100-32GB";
    public const string A100 = "A100";
    public const string A100_80GB = "A100-80GB";
    public const string H100 = "H100";

    /// <summary>Every canonical id, roughly from smallest to largest.</summary>
    public static IReadOnlyList<string> Canonical { get; } = [T4, L4, A10G, V100, V100_32GB, A100, A100_80GB, H100];

    /// <summary>The alias table: other spelling → canonical id. Keys are matched case-insensitively.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["A10G (PCIe)"] = A10G,
        ["A10"] = A10G,
        ["A100-40GB"] = A100,
        ["A100-40G"] = A100,
        ["A100-80G"] = A100_80GB,
        ["A100-80G (SXM)"] = A100_80GB,
        ["H100 (SXM)"] = H100,
        ["H100-80GB"] = H100,
        ["V100-16GB"] = V100,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // One lookup for both canonical ids (any case) and aliases.
    private static readonly FrozenDictionary<string, string> Lookup = Canonical
        .Select(id => KeyValuePair.Create(id, id))
        .Concat(Aliases)
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>"T4, L4, …" followed by the aliases: used in every error message about an unknown GPU.</summary>
    public static string KnownNamesText { get; } =
        string.Join(", ", Canonical) + " (aliases: " + string.Join(", ", Aliases.Keys.Order(StringComparer.Ordinal)) + ")";

    /// <summary>Maps <paramref name="name"/> (a canonical id or an alias, any case) to its canonical id.</summary>
    public static bool TryNormalize(string? name, out string canonical)
    {
        if (name is not null && Lookup.TryGetValue(name.Trim(), out var found))
        {
            canonical = found;
            return true;
        }

        canonical = string.Empty;
        return false;
    }

    /// <summary>Like <see cref="TryNormalize"/> but throws.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryNormalize(name, out var canonical)
            ? canonical
            : throw new ArgumentException($"Unknown accelerator '{name}'. Known: {KnownNamesText}.", nameof(name));
    }

    /// <summary>
    /// Parses one SkyPilot accelerator request: <c>A100</c> (count 1), <c>V100:1</c>, <c>A100: 8</c>, or the flow
    /// mapping form <c>{A100: 8}</c> with exactly one entry. The name goes through the alias table.
    /// </summary>
    /// <param name="text">The request text.</param>
    /// <param name="request">The parsed request.</param>
    /// <param name="error">Why the text was rejected, phrased as "expected …, got …".</param>
    public static bool TryParseRequest(string? text, out AcceleratorRequest request, out string error)
    {
        request = default!;
        if (!TryParseRequests(text, out var requests, out error))
        {
            return false;
        }

        if (requests.Count != 1)
        {
            error = $"expected one accelerator, got {requests.Count} in '{text}'";
            return false;
        }

        request = requests[0];
        return true;
    }

    /// <summary>
    /// Parses a request that may name several alternatives, SkyPilot style: <c>A100:1</c>, <c>{A100: 8}</c> or
    /// <c>{A100:1, H100:1}</c> (any of them will do). Duplicate GPU names are rejected.
    /// </summary>
    public static bool TryParseRequests(string? text, out IReadOnlyList<AcceleratorRequest> requests, out string error)
    {
        requests = [];
        var body = text?.Trim() ?? string.Empty;
        if (body.StartsWith('{') && body.EndsWith('}'))
        {
            body = body[1..^1];
        }

        var parsed = new List<AcceleratorRequest>();
        foreach (var part in body.Split(','))
        {
            if (!TryParseOne(part, out var one, out error))
            {
                return false;
            }

            if (parsed.Any(p => p.Name == one.Name))
            {
                error = $"expected each accelerator once, got '{one.Name}' twice in '{text}'";
                return false;
            }

            parsed.Add(one);
        }

        requests = parsed;
        error = string.Empty;
        return true;
    }

    /// <summary>Like <see cref="TryParseRequest"/> but throws <see cref="ArgumentException"/>.</summary>
    public static AcceleratorRequest ParseRequest(string text) =>
        TryParseRequest(text, out var request, out var error) ? request : throw new ArgumentException(error, nameof(text));

    /// <summary>Checks a count given separately (YAML mapping form <c>A100: 8</c>): a whole number ≥ 1.</summary>
    public static bool TryParseCount(string? text, out int count) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1;

    private static bool TryParseOne(string part, out AcceleratorRequest request, out string error)
    {
        request = default!;
        var trimmed = part.Trim();
        var colon = trimmed.LastIndexOf(':');
        var name = (colon < 0 ? trimmed : trimmed[..colon]).Trim();
        var countText = colon < 0 ? "1" : trimmed[(colon + 1)..].Trim();
        if (name.Length == 0)
        {
            error = $"expected NAME or NAME:COUNT (e.g. A100:1), got '{part.Trim()}'";
            return false;
        }

        if (!TryNormalize(name, out var canonical))
        {
            error = $"unknown accelerator '{name}'; known: {KnownNamesText}";
            return false;
        }

        if (!TryParseCount(countText, out var count))
        {
            // SkyPilot allows fractional GPUs (T4:0.5); a serving replica needs whole GPUs.
            error = $"expected a whole accelerator count >= 1 after '{name}:', got '{countText}'";
            return false;
        }

        request = new AcceleratorRequest(canonical, count);
        error = string.Empty;
        return true;
    }
}
