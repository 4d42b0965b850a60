using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SkyHedge.Clouds.Tests.Gcp;

/// <summary>
/// A loopback stand-in for Compute Engine's REST API v1 with what the adapter calls: instances.insert (a repeated
/// requestId returns the first operation), zoneOperations.wait, instances.get, aggregated list with a label filter,
/// instances.delete. Operations finish at the first wait; <see cref="FailInsertAsync"/> makes an insert's operation
/// finish with an error (how GCP reports capacity), <see cref="FailNextHttp"/> makes calls fail with GCP's error body.
/// Requests need <c>Authorization: Bearer test-token</c>.
/// </summary>
internal sealed class ComputeFake : IAsyncDisposable
{
    public const string Token = "test-token";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byRequestId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, string Reason)> _httpFaults = new();
    private readonly ConcurrentDictionary<string, bool> _exhausted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _firewalls = new(StringComparer.Ordinal);
    private string? _asyncFault;
    private int _sequence;

    private ComputeFake(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First() + "/compute/v1/");

    public ConcurrentQueue<(string Method, string Path, string Query, JsonNode? Body)> Requests { get; } = new();

    public ICollection<JsonObject> Instances => _instances.Values;

    public IReadOnlyDictionary<string, JsonObject> Firewalls => _firewalls;

    public static async Task<ComputeFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new ComputeFake(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next insert's operation finishes with this error code (e.g. ZONE_RESOURCE_POOL_EXHAUSTED).</summary>
    public void FailInsertAsync(string code) => _asyncFault = code;

    /// <summary>Every insert in <paramref name="zone"/> finishes with ZONE_RESOURCE_POOL_EXHAUSTED.</summary>
    public void Exhaust(string zone) => _exhausted[zone] = true;

    /// <summary>The next <paramref name="times"/> calls answer HTTP <paramref name="status"/> with GCP's error body.</summary>
    public void FailNextHttp(int status, string reason, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _httpFaults.Enqueue((status, reason));
        }
    }

    /// <summary>Marks a spot instance as GCP shows a preempted one that stops instead of being deleted.</summary>
    public void Preempt(string name) => _instances[name]["status"] = "TERMINATED";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        JsonNode? body = null;
        if (request.ContentLength > 0 || request.Method == "POST")
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            body = text.Length > 0 ? JsonNode.Parse(text) : null;
        }

        Requests.Enqueue((request.Method, request.Path.Value!, request.QueryString.Value ?? string.Empty, body));
        if (request.Headers.Authorization != "Bearer " + Token)
        {
            await ErrorAsync(context, 401, "authError", "Request had invalid authentication credentials.");
            return;
        }

        if (_httpFaults.TryDequeue(out var fault))
        {
            await ErrorAsync(context, fault.Status, fault.Reason, $"{fault.Reason}: injected by the fake");
            return;
        }

        var parts = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries); // compute v1 projects P ...
        var rest = parts.Skip(4).ToArray();
        switch (request.Method, rest)
        {
            case ("POST", ["zones", var zone, "instances"]):
                await InsertAsync(context, zone, request.Query["requestId"].ToString(), body!.AsObject());
                return;
            case ("POST", ["global", "firewalls"]):
                var rule = body!.AsObject();
                var ruleName = rule["name"]!.GetValue<string>();
                if (!_firewalls.TryAdd(ruleName, rule))
                {
                    await ErrorAsync(context, 409, "alreadyExists", $"The resource 'projects/p/global/firewalls/{ruleName}' already exists");
                    return;
                }

                await JsonAsync(context, 200, NewOperation("global", "insert", ruleName, done: false));
                return;
            case ("POST", ["global", "operations", var globalOp, "wait"]):
                _operations[globalOp]["status"] = "DONE";
                await JsonAsync(context, 200, _operations[globalOp]);
                return;
            case ("POST", ["zones", _, "operations", var op, "wait"]):
                var operation = _operations[op];
                operation["status"] = "DONE";
                await JsonAsync(context, 200, operation);
                return;
            case ("GET", ["zones", _, "instances", var name]):
                if (_instances.TryGetValue(name, out var instance))
                {
                    await JsonAsync(context, 200, instance);
                }
                else
                {
                    await ErrorAsync(context, 404, "notFound", $"The resource 'instances/{name}' was not found");
                }

                return;
            case ("GET", ["aggregated", "instances"]):
                var filter = request.Query["filter"].ToString(); // labels.KEY=VALUE or labels.KEY:*
                var items = new JsonObject();
                foreach (var group in _instances.Values.Where(i => Matches(i, filter)).GroupBy(i => i["zone"]!.GetValue<string>()))
                {
                    items["zones/" + group.Key] = new JsonObject { ["instances"] = new JsonArray([.. group.Select(i => i.DeepClone())]) };
                }

                await JsonAsync(context, 200, new JsonObject { ["kind"] = "compute#instanceAggregatedList", ["items"] = items });
                return;
            case ("DELETE", ["zones", var zone, "instances", var name]):
                if (!_instances.TryRemove(name, out _))
                {
                    await ErrorAsync(context, 404, "notFound", $"The resource 'instances/{name}' was not found");
                    return;
                }

                await JsonAsync(context, 200, NewOperation(zone, "delete", name, done: true));
                return;
            default:
                await ErrorAsync(context, 404, "notFound", "no such route in the fake");
                return;
        }
    }

    private async Task InsertAsync(HttpContext context, string zone, string requestId, JsonObject body)
    {
        if (requestId.Length > 0 && _byRequestId.TryGetValue(requestId, out var earlier))
        {
            await JsonAsync(context, 200, _operations[earlier]);
            return;
        }

        var name = body["name"]!.GetValue<string>();
        if (_instances.ContainsKey(name))
        {
            await ErrorAsync(context, 409, "alreadyExists", $"The resource 'instances/{name}' already exists");
            return;
        }

        var operation = NewOperation(zone, "insert", name, done: false);
        if ((_exhausted.ContainsKey(zone) ? "ZONE_RESOURCE_POOL_EXHAUSTED" : Interlocked.Exchange(ref _asyncFault, null)) is { } code)
        {
            operation["error"] = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = $"The zone '{zone}' does not have enough resources available to fulfill the request." }) };
        }
        else
        {
            var n = Interlocked.Increment(ref _sequence);
            var instance = body.DeepClone().AsObject();
            instance["id"] = (1000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture);
            instance["zone"] = zone;
            instance["status"] = "PROVISIONING";
            instance["creationTimestamp"] = "2025-01-01T00:00:00.000-08:00";
            instance["networkInterfaces"]![0]!["networkIP"] = $"10.128.0.{n}";
            _instances[name] = instance;
        }

        if (requestId.Length > 0)
        {
            _byRequestId[requestId] = operation["name"]!.GetValue<string>();
        }

        await JsonAsync(context, 200, operation);
    }

    private JsonObject NewOperation(string zone, string type, string target, bool done)
    {
        var name = $"operation-{Guid.NewGuid():N}";
        var operation = new JsonObject
        {
            ["kind"] = "compute#operation",
            ["name"] = name,
            ["zone"] = zone,
            ["operationType"] = type,
            ["targetLink"] = $"zones/{zone}/instances/{target}",
            ["status"] = done ? "DONE" : "RUNNING",
        };
        _operations[name] = operation;
        return operation;
    }

    private static bool Matches(JsonObject instance, string filter)
    {
        var labels = instance["labels"]?.AsObject();
        if (!filter.StartsWith("labels.", StringComparison.Ordinal) || labels is null)
        {
            return false;
        }

        var rule = filter["labels.".Length..];
        if (rule.EndsWith(":*", StringComparison.Ordinal))
        {
            return labels.ContainsKey(rule[..^2]);
        }

        var eq = rule.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && labels[rule[..eq]]?.GetValue<string>() == rule[(eq + 1)..];
    }

    private static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task ErrorAsync(HttpContext context, int status, string reason, string message) =>
        JsonAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
            },
        });
}
