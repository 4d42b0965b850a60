using System.Text.Json;

namespace SkyHedge.Clouds.AzureCompute;

/// <summary>
/// Reads the app setting <c>SKYHEDGE_AZURE</c>, a JSON document that turns the Azure adapter on:
/// <code>{"subscription_id": "…", "resource_group": "skyhedge-replicas", "admin_url": "https://…",
///  "regions": {"eastus": {"subnet_id": "/subscriptions/…/subnets/replicas", "image": "publisher:offer:sku:version"}}}</code>
/// The credential is the app's managed identity (DefaultAzureCredential), never in the setting.
/// </summary>
public static class AzureSettings
{
    public const string Setting = "SKYHEDGE_AZURE";

    /// <exception cref="FormatException">The document is malformed; the message names the field.</exception>
    public static AzureOptions Parse(string json)
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
                    ? new AzureRegionOptions(Text(r.Value, "subnet_id", $"{Setting}.regions.{r.Name}"), Text(r.Value, "image", $"{Setting}.regions.{r.Name}"))
                    : throw new FormatException($"{Setting}.regions.{r.Name}: expected an object"),
                StringComparer.Ordinal);
            return parsed.Count == 0
                ? throw new FormatException($"{Setting}.regions: configure at least one region")
                : new AzureOptions
                {
                    SubscriptionId = Text(root, "subscription_id", Setting),
                    ResourceGroup = Text(root, "resource_group", Setting),
                    AdminUrl = adminUrl,
                    Regions = parsed,
                };
        }
    }

    private static string Text(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new FormatException($"{path}.{name}: required, a non-empty string");
}
