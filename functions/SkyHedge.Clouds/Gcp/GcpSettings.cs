using System.Text.Json;

namespace SkyHedge.Clouds.GcpCompute;

/// <summary>
/// Reads the app setting <c>SKYHEDGE_GCP</c>, a JSON document that turns the GCP adapter on:
/// <code>{"project": "my-project", "admin_url": "https://…", "network": "global/networks/skyhedge", "router_cidrs": ["10.20.0.0/24"],
///  "regions": {"us-central1": {"image": "projects/…/global/images/family/…", "subnetwork": "regions/us-central1/subnetworks/…"}}}</code>
/// Credentials are not in it: Application Default Credentials (the app's workload identity) supply the token.
/// </summary>
public static class GcpSettings
{
    /// <summary>The app setting's name.</summary>
    public const string Setting = "SKYHEDGE_GCP";

    /// <exception cref="FormatException">The document is malformed; the message names the field.</exception>
    public static GcpOptions Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{Setting}: not JSON ({e.Message})", e);
        }

        using (doc)
        {
            var root = doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement : throw new FormatException($"{Setting}: expected an object");
            var project = Text(root, "project", Setting);
            var admin = Text(root, "admin_url", Setting);
            if (!Uri.TryCreate(admin, UriKind.Absolute, out var adminUrl) || adminUrl.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"{Setting}.admin_url: expected an absolute http(s) URL, got '{admin}'");
            }

            if (!root.TryGetProperty("regions", out var regions) || regions.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{Setting}.regions: required, an object of region settings");
            }

            var parsed = regions.EnumerateObject().ToDictionary(
                r => r.Name,
                r => r.Value.ValueKind == JsonValueKind.Object
                    ? new GcpRegionOptions(Text(r.Value, "image", $"{Setting}.regions.{r.Name}"), Text(r.Value, "subnetwork", $"{Setting}.regions.{r.Name}"))
                    : throw new FormatException($"{Setting}.regions.{r.Name}: expected an object"),
                StringComparer.Ordinal);
            var network = root.TryGetProperty("network", out var n) ? n.ValueKind == JsonValueKind.String ? n.GetString() : throw new FormatException($"{Setting}.network: expected a network such as global/networks/skyhedge") : null;
            var cidrs = root.TryGetProperty("router_cidrs", out var c)
                ? c.ValueKind == JsonValueKind.Array
                    ? c.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String && System.Net.IPNetwork.TryParse(x.GetString(), out _) ? x.GetString()! : throw new FormatException($"{Setting}.router_cidrs: expected CIDRs such as 10.0.0.0/24, got {x}")).ToList()
                    : throw new FormatException($"{Setting}.router_cidrs: expected a list of CIDRs")
                : [];
            return parsed.Count == 0
                ? throw new FormatException($"{Setting}.regions: configure at least one region")
                : new GcpOptions { Project = project, AdminUrl = adminUrl, Regions = parsed, Network = network, RouterCidrs = cidrs };
        }
    }

    private static string Text(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new FormatException($"{path}.{name}: required, a non-empty string");
}
