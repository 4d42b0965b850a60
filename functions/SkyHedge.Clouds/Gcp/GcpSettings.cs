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

    /// <param name="credentialJson">A credential configuration instead of Application Default Credentials
    /// (<c>SKYHEDGE_GCP_CREDENTIALS</c>), or null.</param>
    /// <exception cref="FormatException">The document is malformed; the message names the field.</exception>
    public static GcpOptions Parse(string json, string? credentialJson = null) => CloudSettingJson.Read(json, Setting, root => new GcpOptions
    {
        CredentialJson = credentialJson,
        Project = CloudSettingJson.Text(root, "project", Setting),
        AdminUrl = CloudSettingJson.AdminUrl(root, Setting),
        Network = CloudSettingJson.OptionalText(root, "network", Setting),
        RouterCidrs = CloudSettingJson.RouterCidrs(root, Setting),
        Regions = CloudSettingJson.Regions(root, Setting, (r, path) => new GcpRegionOptions(CloudSettingJson.Text(r, "image", path), CloudSettingJson.Text(r, "subnetwork", path))),
    });
}
