using System.Net;
using System.Text.Json;

namespace SkyHedge.Clouds;

/// <summary>Reading the clouds' JSON app settings (<c>SKYHEDGE_AWS</c>, <c>SKYHEDGE_AZURE</c>, <c>SKYHEDGE_GCP</c>) with
/// one kind of error: a <see cref="FormatException"/> that names the setting and the field.</summary>
internal static class CloudSettingJson
{
    /// <summary>Parses <paramref name="json"/> and hands its root object to <paramref name="read"/>.</summary>
    /// <exception cref="FormatException">Not JSON, not an object, or whatever <paramref name="read"/> refuses.</exception>
    public static T Read<T>(string json, string setting, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{setting}: not JSON ({e.Message})", e);
        }

        using (doc)
        {
            return doc.RootElement.ValueKind == JsonValueKind.Object ? read(doc.RootElement) : throw new FormatException($"{setting}: expected an object");
        }
    }

    /// <summary>A required non-empty string field.</summary>
    public static string Text(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new FormatException($"{path}.{name}: required, a non-empty string");

    /// <summary>An optional string field (null when absent).</summary>
    public static string? OptionalText(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out _) ? Text(obj, name, path) : null;

    /// <summary>The required <c>admin_url</c>: an absolute http(s) URL.</summary>
    public static Uri AdminUrl(JsonElement root, string setting)
    {
        var admin = Text(root, "admin_url", setting);
        return Uri.TryCreate(admin, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException($"{setting}.admin_url: expected an absolute http(s) URL, got '{admin}'");
    }

    /// <summary>The optional <c>router_cidrs</c>: the router's egress addresses (empty when absent).</summary>
    public static IReadOnlyList<string> RouterCidrs(JsonElement root, string setting)
    {
        if (!root.TryGetProperty("router_cidrs", out var list))
        {
            return [];
        }

        return list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String && IPNetwork.TryParse(x.GetString(), out _)
                ? x.GetString()!
                : throw new FormatException($"{setting}.router_cidrs: expected CIDRs such as 10.0.0.0/24, got {x}"))]
            : throw new FormatException($"{setting}.router_cidrs: expected a list of CIDRs");
    }

    /// <summary>The required, non-empty <c>regions</c> object, each entry read by <paramref name="region"/> with its path.</summary>
    public static IReadOnlyDictionary<string, T> Regions<T>(JsonElement root, string setting, Func<JsonElement, string, T> region)
    {
        if (!root.TryGetProperty("regions", out var regions) || regions.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{setting}.regions: required, an object of region settings");
        }

        var parsed = regions.EnumerateObject().ToDictionary(
            r => r.Name,
            r => r.Value.ValueKind == JsonValueKind.Object ? region(r.Value, $"{setting}.regions.{r.Name}") : throw new FormatException($"{setting}.regions.{r.Name}: expected an object"),
            StringComparer.Ordinal);
        return parsed.Count > 0 ? parsed : throw new FormatException($"{setting}.regions: configure at least one region");
    }
}
