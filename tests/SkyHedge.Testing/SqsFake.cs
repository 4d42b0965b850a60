using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SkyHedge.Testing;

/// <summary>
/// A loopback stand-in for SQS's JSON protocol (POST with <c>X-Amz-Target: AmazonSQS.ACTION</c>, AWS JSON 1.0 bodies),
/// with the calls the notice channel makes: ReceiveMessage (a received message is in flight, not received again
/// until <see cref="ReturnInFlight"/>, as after a visibility timeout) and DeleteMessageBatch (by receipt handle).
/// Bodies carry their MD5, which the SDK checks. <see cref="FailNext"/> queues SQS-shaped errors.
/// </summary>
public sealed class SqsFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Id, string Body, bool InFlight)> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Action, int Status, string Type)> _faults = new();

    private SqsFake(WebApplication app) => _app = app;

    /// <summary>Every request: its action and JSON body.</summary>
    public ConcurrentQueue<(string Action, JsonObject Body)> Requests { get; } = new();

    /// <summary>The endpoint the SDK is pointed at.</summary>
    public Uri Url => new(_app.Urls.First() + "/");

    /// <summary>A queue URL of the shape SQS gives (its host names the region); the SDK sends it in the body.</summary>
    public static Uri QueueUrl => new("https://sqs.us-east-2.amazonaws.com/123456789012/skyhedge-ec2-events");

    /// <summary>Bodies of the messages still in the queue, in flight or not.</summary>
    public IEnumerable<string> Bodies => _messages.Values.Select(m => m.Body);

    public static async Task<SqsFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new SqsFake(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public void Send(string body)
    {
        var id = Guid.NewGuid().ToString();
        _messages[Guid.NewGuid().ToString("N")] = (id, body, false);
    }

    /// <summary>Makes in-flight messages receivable again (their visibility timeout ran out).</summary>
    public void ReturnInFlight()
    {
        foreach (var (handle, m) in _messages)
        {
            _messages[handle] = m with { InFlight = false };
        }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="action"/> fail with SQS's JSON error
    /// <paramref name="type"/> (e.g. <c>com.amazonaws.sqs#QueueDoesNotExist</c>) at HTTP <paramref name="status"/>.</summary>
    public void FailNext(string action, string type, int status = 400, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((action, status, type));
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var action = target.StartsWith("AmazonSQS.", StringComparison.Ordinal) ? target["AmazonSQS.".Length..] : target;
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!.AsObject();
        Requests.Enqueue((action, body));
        if (_faults.TryPeek(out var fault) && fault.Action == action && _faults.TryDequeue(out fault))
        {
            await WriteAsync(context, fault.Status, new JsonObject { ["__type"] = fault.Type, ["message"] = $"{fault.Type}: injected by the fake" });
            return;
        }

        switch (action)
        {
            case "ReceiveMessage":
                var max = body["MaxNumberOfMessages"]?.GetValue<int>() ?? 1;
                var batch = new JsonArray();
                foreach (var (handle, m) in _messages.Where(p => !p.Value.InFlight).Take(max).ToList())
                {
                    _messages[handle] = m with { InFlight = true };
                    batch.Add(new JsonObject { ["MessageId"] = m.Id, ["ReceiptHandle"] = handle, ["MD5OfBody"] = Md5(m.Body), ["Body"] = m.Body });
                }

                await WriteAsync(context, 200, batch.Count == 0 ? [] : new JsonObject { ["Messages"] = batch });
                return;
            case "DeleteMessageBatch":
                var ok = new JsonArray();
                foreach (var entry in body["Entries"]!.AsArray())
                {
                    _messages.TryRemove(entry!["ReceiptHandle"]!.GetValue<string>(), out _);
                    ok.Add(new JsonObject { ["Id"] = entry["Id"]!.GetValue<string>() });
                }

                await WriteAsync(context, 200, new JsonObject { ["Successful"] = ok, ["Failed"] = new JsonArray() });
                return;
            default:
                await WriteAsync(context, 400, new JsonObject { ["__type"] = "com.amazonaws.sqs#InvalidAction", ["message"] = $"the fake does not serve {action}" });
                return;
        }
    }

    // SQS's own body checksum: MD5 is what the protocol uses, not a security choice.
#pragma warning disable CA5351
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(body.ToJsonString(JsonSerializerOptions.Default));
    }
}
