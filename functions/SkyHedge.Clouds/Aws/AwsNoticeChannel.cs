using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>
/// The SQS queue an EventBridge rule fills with EC2 spot interruption warnings and rebalance recommendations: a
/// second channel beside the replica's own watcher, which still hears of the interruption when the VM is too busy
/// (or its watcher dead) to report it. Each message is handed to a callback and deleted once the callback took it;
/// a message the callback could not take stays and comes back after the queue's visibility timeout, and one that is
/// not an EC2 event at all stays too, so the queue's redrive policy moves it to its dead-letter queue.
/// </summary>
public sealed class AwsNoticeChannel : IDisposable
{
    private readonly AmazonSQSClient _client;
    private readonly string _queueUrl;
    private readonly int _maxErrorRetry;

    /// <param name="queueUrl">e.g. <c>https://sqs.us-east-1.amazonaws.com/123456789012/skyhedge-ec2-events</c>.</param>
    /// <param name="credentials">Null: the SDK's credential chain.</param>
    /// <param name="serviceUrl">Null: the queue region's public endpoint; set for a VPC endpoint or a loopback fake.</param>
    /// <param name="maxErrorRetry">Retries of throttled or transient calls (the SDK's own retry, with backoff): SQS
    /// has no capacity errors to protect from retries.</param>
    /// <exception cref="ArgumentException">The URL is not an SQS queue URL whose host names its region.</exception>
    public AwsNoticeChannel(Uri queueUrl, AWSCredentials? credentials = null, Uri? serviceUrl = null, int maxErrorRetry = 4)
    {
        ArgumentNullException.ThrowIfNull(queueUrl);
        var region = RegionOf(queueUrl) ?? throw new ArgumentException($"'{queueUrl}' is not an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)", nameof(queueUrl));
        var config = new AmazonSQSConfig { MaxErrorRetry = maxErrorRetry };
        if (serviceUrl is not null)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        _client = credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
        _queueUrl = queueUrl.ToString();
        _maxErrorRetry = maxErrorRetry;
    }

    /// <summary>
    /// Receives what is waiting (up to <paramref name="maxBatches"/> batches of 10, the first one long-polled for
    /// <paramref name="wait"/>), hands each EC2 event to <paramref name="take"/>, and deletes the messages it took
    /// and those that are EventBridge events of another kind.
    /// </summary>
    /// <param name="take">Returns false to leave the event for a later receive (e.g. the state store is down).</param>
    /// <exception cref="UnauthorizedException">The credentials may not read or delete from the queue.</exception>
    /// <exception cref="InvalidOperationException">The queue does not exist, or SQS failed after retries.</exception>
    public async Task<NoticeChannelReport> DrainAsync(Func<AwsInstanceEvent, CancellationToken, Task<bool>> take, TimeSpan wait, int maxBatches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(take);
        var report = new NoticeChannelReport();
        for (var batch = 0; batch < maxBatches; batch++)
        {
            var received = await CallAsync(() => _client.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = batch == 0 ? (int)wait.TotalSeconds : 0 },
                cancellationToken)).ConfigureAwait(false);
            if (received.Messages is not { Count: > 0 } messages)
            {
                break;
            }

            var done = new List<DeleteMessageBatchRequestEntry>();
            foreach (var message in messages)
            {
                report.Received++;
                AwsInstanceEvent? parsed;
                try
                {
                    parsed = AwsInstanceEvent.Parse(message.Body ?? string.Empty);
                }
                catch (FormatException e)
                {
                    report.Malformed.Add($"{message.MessageId}: {e.Message}");
                    continue;
                }

                if (parsed is null)
                {
                    report.Ignored++;
                }
                else if (await take(parsed, cancellationToken).ConfigureAwait(false))
                {
                    report.Taken++;
                }
                else
                {
                    report.Left++;
                    continue;
                }

                done.Add(new DeleteMessageBatchRequestEntry { Id = done.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ReceiptHandle = message.ReceiptHandle });
            }

            if (done.Count > 0)
            {
                var deleted = await CallAsync(() => _client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest { QueueUrl = _queueUrl, Entries = done }, cancellationToken)).ConfigureAwait(false);

                // A failed entry comes back after the visibility timeout and is taken again: notices are idempotent.
                report.DeleteFailures += deleted.Failed?.Count ?? 0;
            }
        }

        return report;
    }

    public void Dispose() => _client.Dispose();

    // sqs.REGION.amazonaws.com (or .amazonaws.com.cn); a fake's loopback queue URL carries it as the first path part
    // after the account, so tests name it the same way: /ACCOUNT/NAME with the region in the host is required.
    private static string? RegionOf(Uri url)
    {
        var host = url.Host.Split('.');
        return url.Segments.Length == 3 && host.Length >= 4 && host[0] == "sqs" && host[2] == "amazonaws" ? host[1] : null;
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonSQSException e) when (e.ErrorCode is "AccessDenied" or "AccessDeniedException" or "InvalidClientTokenId" or "UnrecognizedClientException" or "ExpiredToken" or "SignatureDoesNotMatch")
        {
            throw new UnauthorizedException("aws", $"SQS {e.ErrorCode}: the credentials may not use the notice queue {_queueUrl} (needs sqs:ReceiveMessage and sqs:DeleteMessage): {e.Message}", e.ErrorCode);
        }
        catch (AmazonSQSException e)
        {
            throw new InvalidOperationException($"SQS {e.ErrorCode} on the notice queue {_queueUrl} (after up to {_maxErrorRetry} retries): {e.Message}", e);
        }
    }
}

/// <summary>What one <see cref="AwsNoticeChannel.DrainAsync"/> did.</summary>
public sealed class NoticeChannelReport
{
    public int Received { get; set; }

    /// <summary>EC2 events the callback took (deleted).</summary>
    public int Taken { get; set; }

    /// <summary>EventBridge events of other kinds (deleted).</summary>
    public int Ignored { get; set; }

    /// <summary>EC2 events the callback left for a later receive.</summary>
    public int Left { get; set; }

    /// <summary>Messages that are not EC2 events, with why (left for the dead-letter queue).</summary>
    public List<string> Malformed { get; } = [];

    /// <summary>Deletes SQS refused (the messages come back and are taken again).</summary>
    public int DeleteFailures { get; set; }
}
