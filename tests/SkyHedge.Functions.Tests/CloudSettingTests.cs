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

    [Theory]
    [InlineData(null, "")]
    [InlineData(Aws, "aws")]
    public void SKYHEDGE_AWS_turns_the_aws_adapter_on(string? setting, string clouds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("SKYHEDGE_AWS", setting)]).Build();
        using var services = new ServiceCollection().AddSkyHedgeFunctions(configuration).BuildServiceProvider();

        Assert.Equal(clouds, string.Join(",", services.GetRequiredService<CloudProviders>().All.Select(c => c.Cloud)));
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
