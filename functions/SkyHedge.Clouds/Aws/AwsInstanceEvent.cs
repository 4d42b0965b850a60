using System.Text.Json;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>
/// An EC2 event from EventBridge (delivered through an SQS queue): the two-minute <c>EC2 Spot Instance Interruption
/// Warning</c> or an <c>EC2 Instance Rebalance Recommendation</c> (a hint that the instance is at elevated risk).
/// </summary>
/// <param name="InstanceId">The instance as the adapter names it (<c>REGION/i-…</c>).</param>
/// <param name="Kind"><c>terminate</c>, <c>stop</c> or <c>hibernate</c> for an interruption warning (the notice kinds
/// <c>/api/notices</c> takes); <c>rebalance</c> for a recommendation.</param>
/// <param name="Time">When EventBridge emitted it.</param>
public sealed record AwsInstanceEvent(string InstanceId, string Kind, DateTimeOffset Time)
{
    private const string Interruption = "EC2 Spot Instance Interruption Warning";
    private const string Rebalance = "EC2 Instance Rebalance Recommendation";

    /// <summary>Whether the instance will be taken (an interruption warning), not merely at risk.</summary>
    public bool IsInterruption => Kind != "rebalance";

    /// <summary>Reads one EventBridge event; null for any other event (other detail types, other sources).</summary>
    /// <exception cref="FormatException">The text is not an EventBridge event of one of the two types (the message
    /// says what is missing).</exception>
    public static AwsInstanceEvent? Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"EC2 event: not JSON ({e.Message})", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "source") != "aws.ec2")
            {
                return null;
            }

            var type = Text(root, "detail-type");
            if (type is not (Interruption or Rebalance))
            {
                return null;
            }

            var region = Text(root, "region") ?? throw new FormatException("EC2 event: no 'region'");
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object ? d : throw new FormatException("EC2 event: no 'detail' object");
            var instance = Text(detail, "instance-id") ?? throw new FormatException("EC2 event: no 'detail.instance-id'");
            var kind = type == Rebalance ? "rebalance" : Text(detail, "instance-action") switch
            {
                "terminate" or null => "terminate",
                "stop" => "stop",
                "hibernate" => "hibernate",
                var other => throw new FormatException($"EC2 event: unknown instance-action '{other}'"),
            };
            var time = Text(root, "time") is { } t && DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new FormatException("EC2 event: no valid 'time'");
            return new AwsInstanceEvent($"{region}/{instance}", kind, time);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
