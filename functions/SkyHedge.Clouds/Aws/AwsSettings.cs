using System.Text.Json;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>
/// Reads the app setting <c>SKYHEDGE_AWS</c>, a JSON document that turns the AWS adapter on:
/// <code>{"admin_url": "https://…", "router_cidrs": ["10.20.0.0/24"], "regions": {"us-east-1": {"image_id": "ami-…",
/// "subnets": {"use1-az1": "subnet-…"}, "security_groups": ["sg-…"], "vpc_id": "vpc-…"}}}</code>
/// Credentials are not in it: they come from the SDK's chain (the app's identity).
/// </summary>
public static class AwsSettings
{
    /// <summary>The app setting's name.</summary>
    public const string Setting = "SKYHEDGE_AWS";

    /// <summary>The options the document describes.</summary>
    /// <exception cref="FormatException">The document is malformed; the message names the field.</exception>
    public static AwsOptions Parse(string json)
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
            var root = Object(doc.RootElement, Setting);
            var admin = Text(root, "admin_url", Setting);
            if (!Uri.TryCreate(admin, UriKind.Absolute, out var adminUrl) || adminUrl.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"{Setting}.admin_url: expected an absolute http(s) URL, got '{admin}'");
            }

            var regions = new Dictionary<string, AwsRegionOptions>(StringComparer.Ordinal);
            foreach (var region in Object(Get(root, "regions", Setting), $"{Setting}.regions").EnumerateObject())
            {
                var path = $"{Setting}.regions.{region.Name}";
                var r = Object(region.Value, path);
                var image = Text(r, "image_id", path);
                var subnets = Object(Get(r, "subnets", path), $"{path}.subnets").EnumerateObject()
                    .ToDictionary(s => s.Name, s => s.Value.ValueKind == JsonValueKind.String ? s.Value.GetString()! : throw new FormatException($"{path}.subnets.{s.Name}: expected a subnet id"), StringComparer.Ordinal);
                var groups = Get(r, "security_groups", path) is { ValueKind: JsonValueKind.Array } list
                    ? list.EnumerateArray().Select(g => g.ValueKind == JsonValueKind.String ? g.GetString()! : throw new FormatException($"{path}.security_groups: expected ids")).ToList()
                    : throw new FormatException($"{path}.security_groups: expected a list of security group ids");
                if (subnets.Count == 0 || groups.Count == 0)
                {
                    throw new FormatException($"{path}: needs at least one subnet and one security group");
                }

                var vpc = r.TryGetProperty("vpc_id", out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"{path}.vpc_id: expected a VPC id") : null;
                regions[region.Name] = new AwsRegionOptions(image, subnets, groups, vpc);
            }

            var cidrs = root.TryGetProperty("router_cidrs", out var c)
                ? c.ValueKind == JsonValueKind.Array
                    ? c.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String && System.Net.IPNetwork.TryParse(x.GetString(), out _) ? x.GetString()! : throw new FormatException($"{Setting}.router_cidrs: expected CIDRs such as 10.0.0.0/24, got {x}")).ToList()
                    : throw new FormatException($"{Setting}.router_cidrs: expected a list of CIDRs")
                : [];
            return regions.Count == 0
                ? throw new FormatException($"{Setting}.regions: configure at least one region")
                : new AwsOptions { AdminUrl = adminUrl, Regions = regions, RouterCidrs = cidrs };
        }
    }

    private static JsonElement Get(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var value) ? value : throw new FormatException($"{path}.{name}: required");

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new FormatException($"{path}: expected an object");

    private static string Text(JsonElement obj, string name, string path) =>
        Get(obj, name, path) is { ValueKind: JsonValueKind.String } v && v.GetString() is { Length: > 0 } s ? s : throw new FormatException($"{path}.{name}: expected a non-empty string");
}
