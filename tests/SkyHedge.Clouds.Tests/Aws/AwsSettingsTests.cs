using SkyHedge.Clouds.AwsEc2;

namespace SkyHedge.Clouds.Tests.Aws;

public sealed class AwsSettingsTests
{
    [Fact]
    public void The_setting_gives_regions_subnets_and_groups()
    {
        var options = AwsSettings.Parse("""
            {"admin_url": "https://skyhedge.example.net", "router_cidrs": ["10.20.0.0/24"],
             "regions": {"us-east-1": {"image_id": "ami-1", "subnets": {"use1-az1": "subnet-1", "use1-az2": "subnet-2"}, "security_groups": ["sg-1"], "vpc_id": "vpc-1"}}}
            """);

        Assert.Equal(new Uri("https://skyhedge.example.net"), options.AdminUrl);
        var region = options.Regions["us-east-1"];
        Assert.Equal("ami-1", region.ImageId);
        Assert.Equal("subnet-2", region.Subnets["use1-az2"]);
        Assert.Equal(["sg-1"], region.SecurityGroupIds);
        Assert.Equal("vpc-1", region.VpcId);
        Assert.Equal(["10.20.0.0/24"], options.RouterCidrs);
        Assert.Null(options.Credentials); // the SDK's chain
        Assert.Null(options.NoticeQueueUrl); // only the replicas' watchers report notices
        Assert.Equal(TimeSpan.FromMinutes(10), options.SpotPriceRefresh);
    }

    [Fact]
    public void Spot_price_refresh_minutes_sets_the_live_price_interval_and_zero_turns_it_off()
    {
        const string Json = """
            {"admin_url": "https://x", "spot_price_refresh_minutes": MINUTES,
             "regions": {"us-east-1": {"image_id": "ami-1", "subnets": {"use1-az1": "subnet-1"}, "security_groups": ["sg-1"]}}}
            """;

        Assert.Equal(TimeSpan.FromMinutes(30), AwsSettings.Parse(Json.Replace("MINUTES", "30", StringComparison.Ordinal)).SpotPriceRefresh);
        Assert.Equal(TimeSpan.Zero, AwsSettings.Parse(Json.Replace("MINUTES", "0", StringComparison.Ordinal)).SpotPriceRefresh);
    }

    [Fact]
    public void A_notice_queue_url_turns_on_the_eventbridge_channel()
    {
        var options = AwsSettings.Parse("""
            {"admin_url": "https://skyhedge.example.net", "notice_queue_url": "https://sqs.us-east-1.amazonaws.com/123456789012/skyhedge-ec2-events",
             "regions": {"us-east-1": {"image_id": "ami-1", "subnets": {"use1-az1": "subnet-1"}, "security_groups": ["sg-1"]}}}
            """);

        Assert.Equal(new Uri("https://sqs.us-east-1.amazonaws.com/123456789012/skyhedge-ec2-events"), options.NoticeQueueUrl);
    }

    [Theory]
    [InlineData("{", "not JSON")]
    [InlineData("""{"regions": {}}""", "SKYHEDGE_AWS.admin_url: required")]
    [InlineData("""{"admin_url": "ftp://x", "regions": {}}""", "expected an absolute http(s) URL")]
    [InlineData("""{"admin_url": "https://x", "regions": {}}""", "configure at least one region")]
    [InlineData("""{"admin_url": "https://x", "router_cidrs": ["everyone"], "regions": {}}""", "router_cidrs: expected CIDRs")]
    [InlineData("""{"admin_url": "https://x", "notice_queue_url": "skyhedge-ec2-events", "regions": {}}""", "notice_queue_url: expected the queue's https URL")]
    [InlineData("""{"admin_url": "https://x", "spot_price_refresh_minutes": -1, "regions": {}}""", "spot_price_refresh_minutes: expected whole minutes")]
    [InlineData("""{"admin_url": "https://x", "spot_price_refresh_minutes": "10", "regions": {}}""", "spot_price_refresh_minutes: expected whole minutes")]
    [InlineData("""{"admin_url": "https://x", "regions": {"us-east-1": {"subnets": {}, "security_groups": []}}}""", "SKYHEDGE_AWS.regions.us-east-1.image_id: required")]
    [InlineData("""{"admin_url": "https://x", "regions": {"us-east-1": {"image_id": "ami-1", "subnets": {}, "security_groups": []}}}""", "needs at least one subnet and one security group")]
    public void A_bad_setting_names_the_field(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => AwsSettings.Parse(json)).Message, StringComparison.Ordinal);
}
