using SkyHedge.Core.Model;

namespace SkyHedge.Core.Tests.Model;

public sealed class CloudsTests
{
    [Theory]
    [InlineData("aws", "us-east-1a", "us-east-1")]
    [InlineData("aws", "us-west-2c", "us-west-2")]
    [InlineData("aws", "use1-az1", null)] // an AZ id, not a zone name
    [InlineData("gcp", "us-central1-a", "us-central1")]
    [InlineData("gcp", "asia-northeast1-a", "asia-northeast1")]
    [InlineData("gcp", "us-central1", null)]
    [InlineData("azure", "1", null)]
    public void Region_of_a_zone_name(string cloud, string zone, string? region) =>
        Assert.Equal(region, Clouds.RegionOfZone(cloud, zone));

    [Fact]
    public void Cloud_names_normalise_to_lower_case()
    {
        Assert.True(Clouds.TryNormalize("AWS", out var cloud));
        Assert.Equal("aws", cloud);
        Assert.False(Clouds.TryNormalize("lambda", out _));
    }
}
