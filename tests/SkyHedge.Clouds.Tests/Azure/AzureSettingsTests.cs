using SkyHedge.Clouds.AzureCompute;

namespace SkyHedge.Clouds.Tests.Azure;

public sealed class AzureSettingsTests
{
    [Fact]
    public void The_setting_gives_the_subscription_group_and_regions()
    {
        var options = AzureSettings.Parse("""
            {"subscription_id": "sub-1", "resource_group": "rg", "admin_url": "https://a.example.net",
             "regions": {"eastus": {"subnet_id": "/subscriptions/s/subnets/x", "image": "p:o:s:latest"}}}
            """);

        Assert.Equal(("sub-1", "rg"), (options.SubscriptionId, options.ResourceGroup));
        Assert.Equal("p:o:s:latest", options.Regions["eastus"].Image);
        Assert.Null(options.Credential); // DefaultAzureCredential
    }

    [Fact]
    public void Router_cidrs_are_read_and_default_to_none()
    {
        const string Rest = """
            "subscription_id": "sub-1", "resource_group": "rg", "admin_url": "https://a.example.net",
             "regions": {"eastus": {"subnet_id": "/subscriptions/s/subnets/x", "image": "p:o:s:latest"}}
            """;

        Assert.Equal(["10.20.0.0/24", "10.30.0.0/16"], AzureSettings.Parse($$"""{"router_cidrs": ["10.20.0.0/24", "10.30.0.0/16"], {{Rest}}}""").RouterCidrs);
        Assert.Empty(AzureSettings.Parse($$"""{ {{Rest}} }""").RouterCidrs);
    }

    [Theory]
    [InlineData("{", "not JSON")]
    [InlineData("""{"admin_url": "https://a", "regions": {"eastus": {"subnet_id": "s", "image": "i"}}}""", "SKYHEDGE_AZURE.subscription_id: required")]
    [InlineData("""{"subscription_id": "s", "resource_group": "g", "admin_url": "https://a", "regions": {}}""", "configure at least one region")]
    [InlineData("""{"subscription_id": "s", "resource_group": "g", "admin_url": "https://a", "regions": {"eastus": {"image": "i"}}}""", "SKYHEDGE_AZURE.regions.eastus.subnet_id: required")]
    [InlineData("""{"subscription_id": "s", "resource_group": "g", "admin_url": "https://a", "router_cidrs": ["router"], "regions": {"eastus": {"subnet_id": "s", "image": "i"}}}""", "SKYHEDGE_AZURE.router_cidrs: expected CIDRs")]
    public void A_bad_setting_names_the_field(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => AzureSettings.Parse(json)).Message, StringComparison.Ordinal);
}
