using System.Text.Json;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>
/// Reads the app setting <c>SKYHEDGE_AWS</c>, a JSON document that turns the AWS adapter on:
/// <code>{"admin_url": "https://…", "router_cidrs": ["10.20.0.0/24"], "regions": {"us-east-1": {"image_id": "ami-…",
/// "subnets": {"use1-az1": "subnet-…"}, "security_groups": ["sg-…"], "vpc_id": "vpc-…"}},
/// "notice_queue_url": "https://sqs.us-east-1.amazonaws.com/123456789012/skyhedge-ec2-events", "spot_price_refresh_minutes": 10}</code>
/// Credentials are not in it: they come from the SDK's chain (the app's identity).
/// </summary>
public static class AwsSettings
{
    /// <summary>The app setting's name.</summary>
    public const string Setting = "SKYHEDGE_AWS";

    /// <summary>The options the document describes.</summary>
    /// <param name="priceWarning">Told when a live spot price refresh fails (see <see cref="AwsOptions.PriceWarning"/>).</param>
    /// <exception cref="FormatException">The document is malformed; the message names the field.</exception>
    public static AwsOptions Parse(string json, Action<string>? priceWarning = null) => CloudSettingJson.Read(json, Setting, root => new AwsOptions
    {
        PriceWarning = priceWarning,
        SpotPriceRefresh = root.TryGetProperty("spot_price_refresh_minutes", out var minutes)
            ? minutes.ValueKind == JsonValueKind.Number && minutes.TryGetInt32(out var m) && m is >= 0 and <= 1440
                ? TimeSpan.FromMinutes(m)
                : throw new FormatException($"{Setting}.spot_price_refresh_minutes: expected whole minutes from 0 (catalog prices only) to 1440, got {minutes}")
            : AwsOptions.DefaultSpotPriceRefresh,
        AdminUrl = CloudSettingJson.AdminUrl(root, Setting),
        RouterCidrs = CloudSettingJson.RouterCidrs(root, Setting),
        NoticeQueueUrl = CloudSettingJson.OptionalText(root, "notice_queue_url", Setting) is { } queue
            ? Uri.TryCreate(queue, UriKind.Absolute, out var url) && url.Scheme == "https"
                ? url
                : throw new FormatException($"{Setting}.notice_queue_url: expected the queue's https URL, got '{queue}'")
            : null,
        Regions = CloudSettingJson.Regions(root, Setting, Region),
    });

    private static AwsRegionOptions Region(JsonElement r, string path)
    {
        var image = CloudSettingJson.Text(r, "image_id", path);
        var subnets = r.TryGetProperty("subnets", out var s) && s.ValueKind == JsonValueKind.Object
            ? s.EnumerateObject().ToDictionary(x => x.Name, x => CloudSettingJson.Text(s, x.Name, $"{path}.subnets"), StringComparer.Ordinal)
            : throw new FormatException($"{path}.subnets: required, an object of subnet ids by availability-zone id");
        var groups = r.TryGetProperty("security_groups", out var g) && g.ValueKind == JsonValueKind.Array
            ? g.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new FormatException($"{path}.security_groups: expected ids")).ToList()
            : throw new FormatException($"{path}.security_groups: expected a list of security group ids");
        return subnets.Count == 0 || groups.Count == 0
            ? throw new FormatException($"{path}: needs at least one subnet and one security group")
            : new AwsRegionOptions(image, subnets, groups, CloudSettingJson.OptionalText(r, "vpc_id", path));
    }
}
