namespace SkyHedge.Control.Admin;

/// <summary>
/// One admin API request, independent of the host that received it (the Functions app's HTTP triggers, the local
/// ASP.NET host, tests). Hosts copy the method, the path with its query string, the headers and the body text.
/// </summary>
public sealed class AdminRequest
{
    /// <param name="method">The HTTP method (any case).</param>
    /// <param name="pathAndQuery">The URL path from <c>/api</c> on, optionally with <c>?query</c>, e.g.
    /// <c>/api/services/llama/events?max=20</c>. Percent-escapes are decoded per segment by the router.</param>
    /// <param name="headers">Request headers; names compare case-insensitively. A name given twice keeps both
    /// values, joined by <c>", "</c> as HTTP folds them.</param>
    /// <param name="body">The body text, or null/empty for none.</param>
    public AdminRequest(string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>>? headers = null, string? body = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        Method = method.ToUpperInvariant();
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        Path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        Query = ParseQuery(q < 0 ? string.Empty : pathAndQuery[(q + 1)..]);
        var folded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers ?? [])
        {
            folded[name] = folded.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        Headers = folded;
        Body = body ?? string.Empty;
    }

    /// <summary>The method, upper case.</summary>
    public string Method { get; }

    /// <summary>The path without the query string, still percent-encoded.</summary>
    public string Path { get; }

    /// <summary>Query parameters, decoded; the first of repeated names wins; names compare case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Headers by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body text (empty when none).</summary>
    public string Body { get; }

    /// <summary>The header's value, or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            values.TryAdd(name, eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]));
        }

        return values;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
