using SkyHedge.Clouds.AwsEc2;

namespace SkyHedge.Clouds.Tests.Aws;

/// <summary>EventBridge's EC2 events as AWS documents them ("Spot Instance interruption notices", "EC2 instance
/// rebalance recommendations").</summary>
public sealed class AwsInstanceEventTests
{
    internal const string Warning = """
        {
          "version": "0",
          "id": "12345678-1234-1234-1234-123456789012",
          "detail-type": "EC2 Spot Instance Interruption Warning",
          "source": "aws.ec2",
          "account": "123456789012",
          "time": "2021-02-03T14:05:06Z",
          "region": "us-east-2",
          "resources": ["arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0"],
          "detail": {
            "instance-id": "i-1234567890abcdef0",
            "instance-action": "terminate"
          }
        }
        """;

    internal const string RebalanceEvent = """
        {
          "version": "0",
          "id": "12345678-1234-1234-1234-123456789012",
          "detail-type": "EC2 Instance Rebalance Recommendation",
          "source": "aws.ec2",
          "account": "123456789012",
          "time": "2021-02-03T14:05:06Z",
          "region": "us-east-2",
          "resources": ["arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0"],
          "detail": {
            "instance-id": "i-1234567890abcdef0"
          }
        }
        """;

    [Fact]
    public void An_interruption_warning_names_the_instance_and_its_action()
    {
        var e = AwsInstanceEvent.Parse(Warning)!;

        Assert.Equal("us-east-2/i-1234567890abcdef0", e.InstanceId);
        Assert.Equal("terminate", e.Kind);
        Assert.True(e.IsInterruption);
        Assert.Equal(new DateTimeOffset(2021, 2, 3, 14, 5, 6, TimeSpan.Zero), e.Time);
    }

    [Fact]
    public void A_rebalance_recommendation_is_a_risk_not_an_interruption()
    {
        var e = AwsInstanceEvent.Parse(RebalanceEvent)!;

        Assert.Equal("rebalance", e.Kind);
        Assert.False(e.IsInterruption);
    }

    [Theory]
    [InlineData("""{"source":"aws.ec2","detail-type":"EC2 Instance State-change Notification","region":"us-east-1","detail":{}}""")]
    [InlineData("""{"source":"aws.s3","detail-type":"Object Created"}""")]
    public void Other_events_are_not_notices(string json) => Assert.Null(AwsInstanceEvent.Parse(json));

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("""{"source":"aws.ec2","detail-type":"EC2 Spot Instance Interruption Warning","region":"us-east-1","time":"2021-02-03T14:05:06Z"}""", "no 'detail' object")]
    [InlineData("""{"source":"aws.ec2","detail-type":"EC2 Spot Instance Interruption Warning","region":"us-east-1","time":"2021-02-03T14:05:06Z","detail":{}}""", "no 'detail.instance-id'")]
    [InlineData("""{"source":"aws.ec2","detail-type":"EC2 Spot Instance Interruption Warning","region":"us-east-1","time":"2021-02-03T14:05:06Z","detail":{"instance-id":"i-1","instance-action":"explode"}}""", "unknown instance-action 'explode'")]
    public void Broken_events_say_what_is_wrong(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => AwsInstanceEvent.Parse(json)).Message, StringComparison.Ordinal);
}
