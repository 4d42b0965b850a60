namespace SkyHedge.Clouds.AzureCompute;

/// <summary>
/// Reads the app setting <c>SKYHEDGE_AZURE</c>, a JSON document that turns the Azure adapter on:
/// <code>{"subscription_id": "…", "resource_group": "skyhedge-replicas", "admin_url": "https://…", "router_cidrs": ["10.20.0.0/24"],
///  "regions": {"eastus": {"subnet_id": "/subscriptions/…/subnets/replicas", "image": "publisher:offer:sku:version"}}}</code>
/// The credential is the app's managed identity (DefaultAzureCredential), never in the setting.
/// </summary>
public static class AzureSettings
{
    public const string Setting = "SKYHEDGE_AZURE";

    /// <exception cref="FormatException">The document is malformed; the message names the field.</exception>
    public static AzureOptions Parse(string json) => CloudSettingJson.Read(json, Setting, root => new AzureOptions
    {
        SubscriptionId = CloudSettingJson.Text(root, "subscription_id", Setting),
        ResourceGroup = CloudSettingJson.Text(root, "resource_group", Setting),
        AdminUrl = CloudSettingJson.AdminUrl(root, Setting),
        RouterCidrs = CloudSettingJson.RouterCidrs(root, Setting),
        Regions = CloudSettingJson.Regions(root, Setting, (r, path) => new AzureRegionOptions(CloudSettingJson.Text(r, "subnet_id", path), CloudSettingJson.Text(r, "image", path))),
    });
}
