using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace SkyHedge.Clouds.Tests.Azure;

/// <summary>
/// A loopback stand-in for Azure Resource Manager's virtual machine API over HTTPS (Azure.Core sends bearer tokens
/// only over TLS; the certificate is self-signed and trusted by <see cref="Client"/> alone): PUT a VM (201 with an
/// <c>Azure-AsyncOperation</c> header, the long-running operation succeeding at the first poll unless an error is
/// queued), GET, list, DELETE (202, or 204 for a VM that is not there); and network security groups as ARM's network
/// provider answers them: PUT (201 for a new group, 200 for an update, both with an <c>Azure-AsyncOperation</c>
/// header) and GET. ARM's error body is <c>{"error":{"code":..,"message":..}}</c>.
/// </summary>
internal sealed class ArmFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<string, JsonObject> _vms = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, JsonObject> _securityGroups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string Resource, string? Error)> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, string Code, bool Async)> _faults = new();
    private readonly ConcurrentQueue<(int Status, string Code)> _securityGroupFaults = new();
    private readonly ConcurrentDictionary<string, bool> _exhaustedZones = new(StringComparer.Ordinal);

    private ArmFake(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public Uri Url => new(_app.Urls.First() + "/");

    public ConcurrentQueue<(string Method, string Path, JsonNode? Body)> Requests { get; } = new();

    public ICollection<JsonObject> Vms => _vms.Values;

    /// <summary>The network security groups, by resource id.</summary>
    public IReadOnlyDictionary<string, JsonObject> SecurityGroups => _securityGroups;

    /// <summary>An HTTP client that trusts this fake's certificate (and no other).</summary>
    public HttpClient Client() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == _certificate.Thumbprint,
    });

    public static async Task<ArmFake> StartAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new ArmFake(app, certificate);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next VM create fails with <paramref name="code"/>: at once with HTTP <paramref name="status"/>,
    /// or (<paramref name="async"/>) in its long-running operation, as allocation failures arrive.</summary>
    public void FailNextCreate(string code, int status = 409, bool async = false, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((status, code, async));
        }
    }

    /// <summary>The next network security group PUT fails at once with <paramref name="code"/> and HTTP
    /// <paramref name="status"/>.</summary>
    public void FailNextSecurityGroup(string code, int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _securityGroupFaults.Enqueue((status, code));
        }
    }

    /// <summary>Every create in availability zone <paramref name="zone"/> fails its operation with ZonalAllocationFailed.</summary>
    public void Exhaust(string zone) => _exhaustedZones[zone] = true;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        JsonNode? body = null;
        if (request.Method is "PUT" or "POST")
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            body = text.Length > 0 ? JsonNode.Parse(text) : null;
        }

        var path = request.Path.Value!;
        Requests.Enqueue((request.Method, path, body));
        if (request.Headers.Authorization != "Bearer fake-arm-token")
        {
            await ErrorAsync(context, 401, "InvalidAuthenticationToken", "The access token is invalid.");
            return;
        }

        if (path.StartsWith("/operations/", StringComparison.Ordinal))
        {
            var (resource, error) = _operations[path["/operations/".Length..]];
            if (_securityGroups.TryGetValue(resource, out var group))
            {
                group["properties"]!["provisioningState"] = "Succeeded";
                await JsonAsync(context, 200, new JsonObject { ["status"] = "Succeeded" });
            }
            else if (error is null)
            {
                _vms[resource]["properties"]!["provisioningState"] = "Succeeded";
                await JsonAsync(context, 200, new JsonObject { ["status"] = "Succeeded" });
            }
            else
            {
                _vms.TryRemove(resource, out _);
                await JsonAsync(context, 200, new JsonObject { ["status"] = "Failed", ["error"] = new JsonObject { ["code"] = error, ["message"] = $"Allocation failed: {error}" } });
            }

            return;
        }

        if (path.Contains("/providers/Microsoft.Network/networkSecurityGroups/", StringComparison.OrdinalIgnoreCase))
        {
            await SecurityGroupAsync(context, path, body);
            return;
        }

        if (request.Method == "GET" && path.Contains("/providers/Microsoft.Network/networkInterfaces/", StringComparison.OrdinalIgnoreCase))
        {
            var vmName = path[(path.LastIndexOf('/') + 1)..].Replace("-nic", string.Empty, StringComparison.Ordinal);
            if (_vms.Values.FirstOrDefault(v => v["name"]!.GetValue<string>() == vmName) is { } owner)
            {
                await JsonAsync(context, 200, new JsonObject
                {
                    ["id"] = path,
                    ["name"] = vmName + "-nic",
                    ["type"] = "Microsoft.Network/networkInterfaces",
                    ["location"] = owner["location"]!.GetValue<string>(),
                    ["properties"] = new JsonObject
                    {
                        ["ipConfigurations"] = new JsonArray(new JsonObject
                        {
                            ["name"] = vmName + "-ip",
                            ["properties"] = new JsonObject { ["privateIPAddress"] = "10.1.0.4", ["privateIPAllocationMethod"] = "Dynamic" },
                        }),
                    },
                });
            }
            else
            {
                await ErrorAsync(context, 404, "ResourceNotFound", $"The Resource '{path}' was not found.");
            }

            return;
        }

        var isCollection = path.EndsWith("/virtualMachines", StringComparison.OrdinalIgnoreCase);
        switch (request.Method)
        {
            case "GET" when isCollection:
                await JsonAsync(context, 200, new JsonObject { ["value"] = new JsonArray([.. _vms.Values.Select(v => v.DeepClone())]) });
                return;
            case "GET":
                if (_vms.TryGetValue(path, out var found))
                {
                    await JsonAsync(context, 200, found);
                }
                else
                {
                    await ErrorAsync(context, 404, "ResourceNotFound", $"The Resource '{path}' was not found.");
                }

                return;
            case "PUT":
                await CreateAsync(context, path, body!.AsObject());
                return;
            case "DELETE":
                context.Response.StatusCode = _vms.TryRemove(path, out _) ? 200 : 204;
                return;
            default:
                await ErrorAsync(context, 405, "MethodNotAllowed", request.Method);
                return;
        }
    }

    private async Task CreateAsync(HttpContext context, string path, JsonObject body)
    {
        string? asyncError = body["zones"]?[0]?.GetValue<string>() is { } zone && _exhaustedZones.ContainsKey(zone) ? "ZonalAllocationFailed" : null;
        if (asyncError is null && _faults.TryDequeue(out var fault))
        {
            if (!fault.Async)
            {
                await ErrorAsync(context, fault.Status, fault.Code, $"{fault.Code}: injected by the fake");
                return;
            }

            asyncError = fault.Code;
        }

        var vm = body.DeepClone().AsObject();
        vm["id"] = path;
        vm["name"] = path[(path.LastIndexOf('/') + 1)..];
        vm["type"] = "Microsoft.Compute/virtualMachines";
        vm["properties"]!["provisioningState"] = "Creating";
        vm["properties"]!["timeCreated"] = "2025-01-01T00:00:00Z";
        var existing = _vms.ContainsKey(path);
        _vms[path] = vm;
        var operation = Guid.NewGuid().ToString("N");
        _operations[operation] = (path, asyncError);
        context.Response.Headers["Azure-AsyncOperation"] = new Uri(Url, $"operations/{operation}").ToString();
        await JsonAsync(context, existing ? 200 : 201, vm);
    }

    private async Task SecurityGroupAsync(HttpContext context, string path, JsonNode? body)
    {
        if (context.Request.Method == "GET")
        {
            await (_securityGroups.TryGetValue(path, out var found)
                ? JsonAsync(context, 200, found)
                : ErrorAsync(context, 404, "ResourceNotFound", $"The Resource '{path}' was not found."));
            return;
        }

        if (context.Request.Method != "PUT")
        {
            await ErrorAsync(context, 405, "MethodNotAllowed", context.Request.Method);
            return;
        }

        if (_securityGroupFaults.TryDequeue(out var fault))
        {
            await ErrorAsync(context, fault.Status, fault.Code, $"{fault.Code}: injected by the fake");
            return;
        }

        var group = body!.DeepClone().AsObject();
        group["id"] = path;
        group["name"] = path[(path.LastIndexOf('/') + 1)..];
        group["type"] = "Microsoft.Network/networkSecurityGroups";
        group["properties"]!["provisioningState"] = "Updating";
        var existing = _securityGroups.ContainsKey(path);
        _securityGroups[path] = group;
        var operation = Guid.NewGuid().ToString("N");
        _operations[operation] = (path, null);
        context.Response.Headers["Azure-AsyncOperation"] = new Uri(Url, $"operations/{operation}").ToString();
        await JsonAsync(context, existing ? 200 : 201, group);
    }

    private static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers["x-ms-error-code"] = code;
        return JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }

    /// <summary>A token credential with a fixed token, as a managed identity would give.</summary>
    internal sealed class FixedCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
