using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using SkyHedge.Clouds.Startup;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using CloudIds = SkyHedge.Core.Model.Clouds;

namespace SkyHedge.Clouds.GcpCompute;

/// <summary>
/// GCP Compute Engine behind the <see cref="ICloudProvider"/> seam, over its REST API (v1; Google.Cloud.Compute.V1
/// is not available here, Google.Apis.Auth supplies the token). A launch is <c>instances.insert</c> with a
/// deterministic name and a <c>requestId</c> derived from the idempotency token (a repeat returns the same
/// operation), <c>scheduling</c> SPOT + DELETE on termination for spot, labels, and the startup wrapper as
/// <c>startup-script</c>; the adapter then waits on the zone operation, because capacity errors arrive in the
/// finished operation's <c>error.errors[].code</c>, not as an HTTP error. Instance ids are <c>ZONE/NAME</c>.
/// </summary>
public sealed class GcpCloudProvider : ICloudProvider, IDisposable
{
    public const string ServiceLabel = "skyhedge-service";

    public const string ReplicaLabel = "skyhedge-replica";

    public const string PortLabel = "skyhedge-port";

    private readonly GcpOptions _options;
    private readonly PriceCatalog _catalog;
    private readonly HttpClient _http;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _firewalls = new(StringComparer.Ordinal);
    private GoogleCredential? _credential;

    public GcpCloudProvider(GcpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _catalog = options.Catalog ?? PriceCatalog.Default;
        _http = options.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        _http.Timeout = TimeSpan.FromMinutes(3); // operations/wait holds the call up to 2 minutes
    }

    /// <inheritdoc/>
    public string Cloud => CloudIds.Gcp;

    /// <inheritdoc/>
    public async Task<CloudInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var offering = request.Offering;
        var zone = offering.Location.Zone;
        var region = _options.Regions.TryGetValue(offering.Location.Region, out var r)
            ? r
            : throw new InvalidSpecException(Cloud, $"region {offering.Location.Region} is not configured (configured: {string.Join(", ", _options.Regions.Keys)})", "RegionNotConfigured");
        var name = InstanceName(request.Service, request.ReplicaId);
        var port = request.Spec.Resources.Ports.Count > 0 ? request.Spec.Resources.Ports[0] : 8080;
        var script = StartupScript.Generate(request.Spec, new StartupSettings(request.Service, request.ReplicaId, request.ReplicaToken, _options.AdminUrl, MetadataFlavor.Gcp));
        var body = new JsonObject
        {
            ["name"] = name,
            ["machineType"] = $"zones/{zone}/machineTypes/{offering.InstanceType}",
            ["scheduling"] = offering.Market == Market.Spot
                ? new JsonObject { ["provisioningModel"] = "SPOT", ["instanceTerminationAction"] = "DELETE", ["onHostMaintenance"] = "TERMINATE", ["automaticRestart"] = false }
                : new JsonObject { ["provisioningModel"] = "STANDARD", ["onHostMaintenance"] = "TERMINATE", ["automaticRestart"] = true },
            ["disks"] = new JsonArray(new JsonObject
            {
                ["boot"] = true,
                ["autoDelete"] = true,
                ["initializeParams"] = new JsonObject { ["sourceImage"] = region.Image, ["diskSizeGb"] = "200" },
            }),
            ["networkInterfaces"] = new JsonArray(new JsonObject { ["subnetwork"] = region.Subnetwork }),
            ["metadata"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["key"] = "startup-script", ["value"] = script }) },
            ["labels"] = new JsonObject
            {
                [ServiceLabel] = request.Service,
                [ReplicaLabel] = Label(request.ReplicaId),
                [PortLabel] = port.ToString(CultureInfo.InvariantCulture),
            },
        };

        // N1 machines take their GPUs as guest accelerators; A2/A3/G2 types come with theirs.
        if (offering.InstanceType.StartsWith("n1-", StringComparison.Ordinal))
        {
            body["guestAccelerators"] = new JsonArray(new JsonObject
            {
                ["acceleratorType"] = $"zones/{zone}/acceleratorTypes/{AcceleratorType(offering.Accelerator)}",
                ["acceleratorCount"] = offering.AcceleratorCount,
            });
        }

        if (_options.Network is { } network && _options.RouterCidrs.Count > 0)
        {
            await EnsureFirewallAsync(network, request.Service, port, cancellationToken).ConfigureAwait(false);
            body["tags"] = new JsonObject { ["items"] = new JsonArray(FirewallName(request.Service)) };
        }

        var requestId = RequestId(request.IdempotencyToken);
        var operation = await SendAsync(HttpMethod.Post, $"projects/{_options.Project}/zones/{zone}/instances?requestId={requestId}", body, offering.Location, offering.Market, cancellationToken).ConfigureAwait(false);
        await WaitAsync(zone, operation!, offering.Location, offering.Market, cancellationToken).ConfigureAwait(false);
        return await GetAsync($"{zone}/{name}", cancellationToken).ConfigureAwait(false)
            ?? throw new InsufficientCapacityException(Cloud, offering.Location, offering.Market, "InstanceGoneAfterInsert");
    }

    /// <inheritdoc/>
    public async Task<CloudInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var (zone, name) = Split(instanceId);
        try
        {
            var instance = await SendAsync(HttpMethod.Get, $"projects/{_options.Project}/zones/{zone}/instances/{name}", null, null, Market.Spot, cancellationToken).ConfigureAwait(false);
            return ToCloudInstance(zone, instance!);
        }
        catch (GcpNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CloudInstance>> ListAsync(string? service, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString(service is null ? $"labels.{ServiceLabel}:*" : $"labels.{ServiceLabel}={service}");
        var found = new List<CloudInstance>();
        string? page = null;
        do
        {
            var path = $"projects/{_options.Project}/aggregated/instances?filter={filter}" + (page is null ? string.Empty : $"&pageToken={Uri.EscapeDataString(page)}");
            var list = await SendAsync(HttpMethod.Get, path, null, null, Market.Spot, cancellationToken).ConfigureAwait(false);
            foreach (var (scope, entry) in list!["items"]?.AsObject() ?? [])
            {
                var zone = scope.StartsWith("zones/", StringComparison.Ordinal) ? scope["zones/".Length..] : scope;
                foreach (var instance in entry?["instances"]?.AsArray() ?? [])
                {
                    var mapped = ToCloudInstance(zone, instance!);
                    if (mapped.State != InstanceState.Terminated)
                    {
                        found.Add(mapped);
                    }
                }
            }

            page = list["nextPageToken"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(page));
        return found;
    }

    /// <inheritdoc/>
    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var (zone, name) = Split(instanceId);
        try
        {
            await SendAsync(HttpMethod.Delete, $"projects/{_options.Project}/zones/{zone}/instances/{name}?requestId={RequestId("delete-" + instanceId)}", null, null, Market.Spot, cancellationToken).ConfigureAwait(false);
        }
        catch (GcpNotFoundException)
        {
            // Already gone: a retried terminate succeeds.
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Offering>> GetOfferingsAsync(ResourceCandidate candidate, CancellationToken cancellationToken) =>
        Task.FromResult(CatalogOfferings.For(_catalog, Cloud, candidate, l => _options.Regions.ContainsKey(l.Region)));

    public void Dispose() => _http.Dispose();

    // skyhedge-SERVICE: TCP to the model port from the router's CIDRs, for instances tagged skyhedge-SERVICE only. GCP
    // denies other ingress by default, so SSH stays closed unless another rule opens it.
    private async Task EnsureFirewallAsync(string network, string service, int port, CancellationToken cancellationToken)
    {
        var name = FirewallName(service);
        if (_firewalls.ContainsKey($"{name}:{port}"))
        {
            return;
        }

        var rule = new JsonObject
        {
            ["name"] = name,
            ["network"] = network,
            ["direction"] = "INGRESS",
            ["priority"] = 1000,
            ["allowed"] = new JsonArray(new JsonObject { ["IPProtocol"] = "tcp", ["ports"] = new JsonArray(port.ToString(CultureInfo.InvariantCulture)) }),
            ["sourceRanges"] = new JsonArray([.. _options.RouterCidrs.Select(c => (JsonNode)c)]),
            ["targetTags"] = new JsonArray(name),
            ["description"] = $"SkyHedge {service}: model port {port} from the router only",
        };
        try
        {
            var operation = await SendAsync(HttpMethod.Post, $"projects/{_options.Project}/global/firewalls?requestId={RequestId("firewall-" + name)}", rule, null, Market.Spot, cancellationToken).ConfigureAwait(false);
            var opName = operation?["name"]?.GetValue<string>();
            while (opName is not null && operation?["status"]?.GetValue<string>() != "DONE")
            {
                operation = await SendAsync(HttpMethod.Post, $"projects/{_options.Project}/global/operations/{opName}/wait", null, null, Market.Spot, cancellationToken).ConfigureAwait(false);
            }

            if (operation?["error"]?["errors"]?[0]?["code"]?.GetValue<string>() is { } code && code != "RESOURCE_ALREADY_EXISTS")
            {
                throw new InvalidSpecException(Cloud, $"firewall rule {name}: {code}", code);
            }
        }
        catch (InvalidSpecException e) when (e.CloudCode == "alreadyExists")
        {
            // Made by an earlier process.
        }

        _firewalls[$"{name}:{port}"] = true;
    }

    private static string FirewallName(string service)
    {
        var name = Label($"skyhedge-{service}");
        return name.Length <= 63 ? name : name[..54] + "-" + Hash(name)[..8];
    }

    /// <summary>The instance name for a replica: a valid GCP name (lower-case, at most 63 characters), the same for
    /// every attempt, so a repeated insert finds the first.</summary>
    public static string InstanceName(string service, string replicaId)
    {
        var name = Label($"skyhedge-{service}-{replicaId}");
        return name.Length <= 63 ? name : name[..54] + "-" + Hash(name)[..8];
    }

    // GCP ignores a repeated insert with the same requestId (a UUID) for an hour: derive it from the token.
    private static string RequestId(string token)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(token)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // a name-based UUID (version 5 layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    private static string Label(string value)
    {
        var chars = value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray();
        return new string(chars);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string AcceleratorType(string gpu) => gpu switch
    {
        "T4" => "nvidia-tesla-t4",
        "V100" => "nvidia-tesla-v100",
        "P100" => "nvidia-tesla-p100",
        "L4" => "nvidia-l4",
        "A100" => "nvidia-tesla-a100",
        _ => throw new InvalidSpecException(CloudIds.Gcp, $"no N1 accelerator type for {gpu}", "UnknownAccelerator"),
    };

    private (string Zone, string Name) Split(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var slash = instanceId.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (instanceId[..slash], instanceId[(slash + 1)..]) : throw new InstanceNotFoundException(Cloud, instanceId, "MalformedId");
    }

    // Until DONE: operations/wait returns when the operation finishes or after about two minutes.
    private async Task WaitAsync(string zone, JsonNode operation, Location location, Market market, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        var name = operation["name"]?.GetValue<string>() ?? throw new InvalidSpecException(Cloud, "the insert returned no operation", "NoOperation");
        while (operation["status"]?.GetValue<string>() != "DONE")
        {
            operation = (await SendAsync(HttpMethod.Post, $"projects/{_options.Project}/zones/{zone}/operations/{name}/wait", null, location, market, timeout.Token).ConfigureAwait(false))!;
        }

        if (operation["error"]?["errors"]?.AsArray() is { Count: > 0 } errors)
        {
            var first = errors[0]!;
            throw GcpErrors.FromOperation(first["code"]?.GetValue<string>() ?? "UNKNOWN", first["message"]?.GetValue<string>() ?? string.Empty, location, market);
        }
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, Location? location, Market market, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var message = new HttpRequestMessage(method, new Uri(_options.ApiBase, path));
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken).ConfigureAwait(false));
            if (body is not null)
            {
                message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return text.Length == 0 ? null : JsonNode.Parse(text);
            }

            var error = GcpErrors.FromHttp(response.StatusCode, text, location, market, response.Headers.RetryAfter?.Delta);
            if (error is ThrottledException && attempt < _options.MaxRetries)
            {
                var ceiling = Math.Min(10_000, 200 * Math.Pow(2, attempt));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw error;
        }
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_options.AccessToken is { } token)
        {
            return await token(cancellationToken).ConfigureAwait(false);
        }

        _credential ??= (_options.CredentialJson is { } json
            ? GcpCredentialJson.Read(json)
            : await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false)).CreateScoped("https://www.googleapis.com/auth/compute");
        return await ((ITokenAccess)_credential).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private CloudInstance ToCloudInstance(string zone, JsonNode instance)
    {
        string? Label(string key) => instance["labels"]?[key]?.GetValue<string>();
        var spot = instance["scheduling"]?["provisioningModel"]?.GetValue<string>() == "SPOT";
        var state = instance["status"]?.GetValue<string>() switch
        {
            "PROVISIONING" or "STAGING" or "PENDING" => InstanceState.Pending,
            "RUNNING" => InstanceState.Running,
            "STOPPING" or "SUSPENDING" or "SUSPENDED" or "REPAIRING" => InstanceState.Stopping,
            _ => spot ? InstanceState.Preempted : InstanceState.Terminated, // a TERMINATED spot VM was preempted
        };
        var ip = instance["networkInterfaces"]?[0]?["networkIP"]?.GetValue<string>();
        var region = zone.Length > 2 ? zone[..zone.LastIndexOf('-')] : zone;
        var created = instance["creationTimestamp"]?.GetValue<string>() is { } c && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
        var machine = instance["machineType"]?.GetValue<string>() ?? string.Empty;
        return new CloudInstance(
            $"{zone}/{instance["name"]?.GetValue<string>()}",
            Label(ServiceLabel) ?? string.Empty,
            Label(ReplicaLabel) ?? string.Empty,
            new Location(Cloud, region, zone),
            spot ? Market.Spot : Market.OnDemand,
            machine[(machine.LastIndexOf('/') + 1)..],
            state,
            ip is null ? null : $"http://{ip}:{Label(PortLabel) ?? "8080"}",
            created);
    }
}

/// <summary>A 404 from the API (the instance or operation does not exist).</summary>
internal sealed class GcpNotFoundException(string message) : Exception(message);

/// <summary>GCP's errors mapped onto the seam's typed errors.</summary>
internal static class GcpErrors
{
    /// <summary>An operation's error code (capacity and quota arrive this way).</summary>
    public static CloudException FromOperation(string code, string message, Location location, Market market) => code switch
    {
        "ZONE_RESOURCE_POOL_EXHAUSTED" or "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS" or "RESOURCE_POOL_EXHAUSTED" or "STOCKOUT"
            => new InsufficientCapacityException(CloudIds.Gcp, location, market, code),
        "QUOTA_EXCEEDED" => new QuotaExceededException(CloudIds.Gcp, message, code),
        _ => new InvalidSpecException(CloudIds.Gcp, message, code),
    };

    /// <summary>An HTTP error: <c>{"error":{"code":..,"message":..,"errors":[{"reason":..}]}}</c>.</summary>
    public static Exception FromHttp(HttpStatusCode status, string body, Location? location, Market market, TimeSpan? retryAfter)
    {
        string? reason = null;
        var message = body;
        try
        {
            var error = JsonNode.Parse(body)?["error"];
            message = error?["message"]?.GetValue<string>() ?? body;
            reason = error?["errors"]?[0]?["reason"]?.GetValue<string>();
        }
        catch (JsonException)
        {
        }

        return (int)status switch
        {
            404 => new GcpNotFoundException(message),
            429 => new ThrottledException(CloudIds.Gcp, retryAfter, reason ?? "rateLimitExceeded"),
            403 when reason is "rateLimitExceeded" or "userRateLimitExceeded" => new ThrottledException(CloudIds.Gcp, retryAfter, reason),
            403 when reason is "quotaExceeded" => new QuotaExceededException(CloudIds.Gcp, message, reason),
            401 or 403 => new UnauthorizedException(CloudIds.Gcp, $"{message} (check the app's service account and its roles in the README)", reason ?? ((int)status).ToString(CultureInfo.InvariantCulture)),
            _ when reason is "ZONE_RESOURCE_POOL_EXHAUSTED" && location is not null => new InsufficientCapacityException(CloudIds.Gcp, location, market, reason),
            _ => new InvalidSpecException(CloudIds.Gcp, message, reason ?? ((int)status).ToString(CultureInfo.InvariantCulture)),
        };
    }
}
