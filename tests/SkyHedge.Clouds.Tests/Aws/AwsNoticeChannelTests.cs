using Amazon.Runtime;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Core.Ports;
using SkyHedge.Testing;

namespace SkyHedge.Clouds.Tests.Aws;

/// <summary>The EventBridge → SQS notice channel through the real SQS SDK against a loopback SQS fake.</summary>
public sealed class AwsNoticeChannelTests
{
    private static readonly AWSCredentials Credentials = new BasicAWSCredentials("AKIDFAKE", "fake-secret");

    [Fact]
    public async Task An_interruption_warning_is_handed_over_and_deleted_and_other_events_are_dropped()
    {
        await using var sqs = await SqsFake.StartAsync();
        sqs.Send(AwsInstanceEventTests.Warning);
        sqs.Send("""{"source": "aws.health", "detail-type": "AWS Health Event", "detail": {}}""");
        using var channel = new AwsNoticeChannel(SqsFake.QueueUrl, Credentials, sqs.Url);
        var taken = new List<AwsInstanceEvent>();

        var report = await channel.DrainAsync((e, _) => { taken.Add(e); return Task.FromResult(true); }, TimeSpan.FromSeconds(1), 5, CancellationToken.None);

        var e = Assert.Single(taken);
        Assert.Equal("us-east-2/i-1234567890abcdef0", e.InstanceId);
        Assert.Equal("terminate", e.Kind);
        Assert.Equal((2, 1, 1, 0), (report.Received, report.Taken, report.Ignored, report.Left));
        Assert.Empty(sqs.Bodies);
        var receive = sqs.Requests.First(r => r.Action == "ReceiveMessage").Body;
        Assert.Equal(SqsFake.QueueUrl.ToString(), receive["QueueUrl"]!.GetValue<string>());
        Assert.Equal(10, receive["MaxNumberOfMessages"]!.GetValue<int>());
        Assert.Equal(1, receive["WaitTimeSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_event_the_callback_cannot_take_stays_and_is_taken_on_a_later_drain()
    {
        await using var sqs = await SqsFake.StartAsync();
        sqs.Send(AwsInstanceEventTests.RebalanceEvent);
        using var channel = new AwsNoticeChannel(SqsFake.QueueUrl, Credentials, sqs.Url);

        var first = await channel.DrainAsync((_, _) => Task.FromResult(false), TimeSpan.Zero, 5, CancellationToken.None);
        Assert.Equal(1, first.Left);
        Assert.Single(sqs.Bodies);

        sqs.ReturnInFlight();
        var kinds = new List<string>();
        var second = await channel.DrainAsync((e, _) => { kinds.Add(e.Kind); return Task.FromResult(true); }, TimeSpan.Zero, 5, CancellationToken.None);
        Assert.Equal(["rebalance"], kinds);
        Assert.Equal(1, second.Taken);
        Assert.Empty(sqs.Bodies);
    }

    [Fact]
    public async Task A_message_that_is_not_an_ec2_event_is_left_for_the_dead_letter_queue()
    {
        await using var sqs = await SqsFake.StartAsync();
        sqs.Send("not json at all");
        using var channel = new AwsNoticeChannel(SqsFake.QueueUrl, Credentials, sqs.Url);

        var report = await channel.DrainAsync((_, _) => throw new InvalidOperationException("must not be called"), TimeSpan.Zero, 5, CancellationToken.None);

        Assert.Contains("not JSON", Assert.Single(report.Malformed), StringComparison.Ordinal);
        Assert.Equal(["not json at all"], sqs.Bodies);
        Assert.DoesNotContain(sqs.Requests, r => r.Action == "DeleteMessageBatch");
    }

    [Fact]
    public async Task Throttling_is_retried_and_then_succeeds()
    {
        await using var sqs = await SqsFake.StartAsync();
        sqs.Send(AwsInstanceEventTests.Warning);
        sqs.FailNext("ReceiveMessage", "com.amazonaws.sqs#RequestThrottled", times: 2);
        using var channel = new AwsNoticeChannel(SqsFake.QueueUrl, Credentials, sqs.Url);

        var report = await channel.DrainAsync((_, _) => Task.FromResult(true), TimeSpan.Zero, 1, CancellationToken.None);

        Assert.Equal(1, report.Taken);
        Assert.Equal(3, sqs.Requests.Count(r => r.Action == "ReceiveMessage"));
    }

    [Fact]
    public async Task Access_denied_surfaces_once_naming_the_permissions()
    {
        await using var sqs = await SqsFake.StartAsync();
        sqs.FailNext("ReceiveMessage", "com.amazon.coral.service#AccessDeniedException", 403);
        using var channel = new AwsNoticeChannel(SqsFake.QueueUrl, Credentials, sqs.Url);

        var e = await Assert.ThrowsAsync<UnauthorizedException>(() => channel.DrainAsync((_, _) => Task.FromResult(true), TimeSpan.Zero, 1, CancellationToken.None));

        Assert.Contains("sqs:ReceiveMessage", e.Message, StringComparison.Ordinal);
        Assert.Single(sqs.Requests);
    }

    [Fact]
    public void A_url_that_is_not_an_sqs_queue_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AwsNoticeChannel(new Uri("https://example.com/queue"), Credentials));
        Assert.Contains("not an SQS queue URL", e.Message, StringComparison.Ordinal);
    }
}
