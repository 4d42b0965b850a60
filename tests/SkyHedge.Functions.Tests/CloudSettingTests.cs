using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Clouds;
using SkyHedge.Functions.Hosting;

namespace SkyHedge.Functions.Tests;

/// <summary>The app serves a cloud exactly when its setting is present.</summary>
public sealed class CloudSettingTests
{
    private const string Aws = """
        {"admin_url": "https://skyhedge.example.net",
         "regions": {"us-east-1": {"image_id": "ami-1", "subnets": {"use1-az1": "subnet-1"}, "security_groups": ["sg-1"]}}}
        """;

    private const string Gcp = """
        {"project": "p1", "admin_url": "https://skyhedge.example.net",
         "regions": {"us-central1": {"image": "projects/x/global/images/family/y", "subnetwork": "regions/us-central1/subnetworks/s"}}}
        """;

    [Fact]
    public void SKYHEDGE_AZURE_turns_the_azure_adapter_on()
    {
        const string azure = """
            {"subscription_id": "s", "resource_group": "rg", "admin_url": "https://a.example.net",
             "regions": {"eastus": {"subnet_id": "/subscriptions/s/subnets/x", "image": "p:o:s:latest"}}}
            """;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("SKYHEDGE_AZURE", (string?)azure)]).Build();
        using var services = new ServiceCollection().AddSkyHedgeFunctions(configuration).BuildServiceProvider();

        Assert.Equal("azure", Assert.Single(services.GetRequiredService<CloudProviders>().All).Cloud);
    }

    [Theory]
    [InlineData(null, null, "")]
    [InlineData(Aws, null, "aws")]
    [InlineData(null, Gcp, "gcp")]
    [InlineData(Aws, Gcp, "aws,gcp")]
    public void Each_cloud_setting_turns_its_adapter_on(string? aws, string? gcp, string clouds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("SKYHEDGE_AWS", aws), KeyValuePair.Create("SKYHEDGE_GCP", gcp)]).Build();
        using var services = new ServiceCollection().AddSkyHedgeFunctions(configuration).BuildServiceProvider();

        Assert.Equal(clouds, string.Join(",", services.GetRequiredService<CloudProviders>().All.Select(c => c.Cloud).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void A_malformed_setting_fails_with_the_field_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("SKYHEDGE_AWS", (string?)"""{"regions": {}}""")]).Build();
        using var services = new ServiceCollection().AddSkyHedgeFunctions(configuration).BuildServiceProvider();

        var error = Assert.Throws<FormatException>(() => services.GetRequiredService<CloudProviders>());
        Assert.Contains("SKYHEDGE_AWS.admin_url", error.Message, StringComparison.Ordinal);
    }
}
