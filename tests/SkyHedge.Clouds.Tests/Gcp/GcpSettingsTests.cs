using SkyHedge.Clouds.GcpCompute;

namespace SkyHedge.Clouds.Tests.Gcp;

public sealed class GcpSettingsTests
{
    [Fact]
    public void The_setting_gives_the_project_and_regions()
    {
        var options = GcpSettings.Parse("""
            {"project": "p1", "admin_url": "https://a.example.net", "network": "global/networks/n", "router_cidrs": ["10.20.0.0/24"],
             "regions": {"us-central1": {"image": "projects/x/global/images/family/y", "subnetwork": "regions/us-central1/subnetworks/s"}}}
            """);

        Assert.Equal("p1", options.Project);
        Assert.Equal("regions/us-central1/subnetworks/s", options.Regions["us-central1"].Subnetwork);
        Assert.Null(options.AccessToken); // Application Default Credentials
        Assert.Equal("global/networks/n", options.Network);
        Assert.Equal(["10.20.0.0/24"], options.RouterCidrs);
        Assert.Equal(new Uri("https://compute.googleapis.com/compute/v1/"), options.ApiBase);
    }

    [Theory]
    [InlineData("[]", "expected an object")]
    [InlineData("""{"admin_url": "https://a", "regions": {}}""", "SKYHEDGE_GCP.project: required")]
    [InlineData("""{"project": "p", "admin_url": "https://a", "regions": {}}""", "configure at least one region")]
    [InlineData("""{"project": "p", "admin_url": "https://a", "regions": {"r": {"image": "i"}}}""", "SKYHEDGE_GCP.regions.r.subnetwork: required")]
    public void A_bad_setting_names_the_field(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => GcpSettings.Parse(json)).Message, StringComparison.Ordinal);
}
