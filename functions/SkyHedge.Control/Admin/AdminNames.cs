using System.Text.RegularExpressions;

namespace SkyHedge.Control.Admin;

/// <summary>Which path parameters can name something at all. A name no row can have is answered with 404 here,
/// rather than reaching the store, which rejects impossible table keys with an exception.</summary>
internal static partial class AdminNames
{
    /// <summary>Service names are DNS labels (the spec parser enforces it), so nothing else can exist.</summary>
    public static bool IsServiceName(string? name) => name is { Length: <= 63 } && DnsLabel().IsMatch(name);

    /// <summary>What a table row key may hold: 1-512 characters without <c>/ \ # ?</c> or control characters.</summary>
    public static bool IsRowKey(string? key) =>
        key is { Length: > 0 and <= 512 } && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
