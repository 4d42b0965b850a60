using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SkyHedge.Control.Keys;
using SkyHedge.Router.Pipeline;
using SkyHedge.Router.Replicas;
using SkyHedge.Router.Requests;
using SkyHedge.Router.Security;

namespace SkyHedge.Router.Endpoints;

/// <summary>The router's own endpoints: <c>/healthz</c> (no key), <c>/v1/models</c> (inference key) and the
/// control plane's push <c>/internal/replicas/changed</c> (admin key).</summary>
internal static class RouterEndpoints
{
    public const string PushPath = "/internal/replicas/changed";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (ReplicaSet replicas) =>
        {
            var snapshot = replicas.Current;
            return Results.Json(new
            {
                status = "ok",
                services = snapshot.Services.Count,
                ready_replicas = snapshot.Replicas.Values.Count(r => !r.Draining),
                last_sync = replicas.LastSync,
            });
        });

        app.MapGet("/v1/models", async (HttpContext context, KeyAuthenticator auth, ReplicaSet replicas) =>
        {
            if (await AuthorizeAsync(context, auth, ApiKeyScope.Inference) is { } denied)
            {
                return denied;
            }

            var data = replicas.Current.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new
            {
                id = s.Name,
                @object = "model",
                owned_by = "skyhedge",
                ready_replicas = s.ReadyCount,
                pools = s.Replicas.Where(r => !r.Draining).Select(r => r.Pool).Distinct().Order(StringComparer.Ordinal).ToArray(),
            });
            return Results.Json(new { @object = "list", data });
        });

        app.MapPost(PushPath, async (HttpContext context, KeyAuthenticator auth, ReplicaSync sync) =>
        {
            if (await AuthorizeAsync(context, auth, ApiKeyScope.Admin) is { } denied)
            {
                return denied;
            }

            string service;
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                service = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("service", out var name)
                    && name.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString())
                    ? name.GetString()!
                    : throw new JsonException("expected {\"service\": NAME, \"replica\": ID, \"status\": STATUS}");
            }
            catch (JsonException ex)
            {
                return Error(400, $"Bad push body: {ex.Message}", "invalid_request_error");
            }

            ServiceRoutes? routes;
            try
            {
                routes = await sync.RefreshServiceAsync(service, context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Error(503, $"Cannot read the replica set: {ex.Message}", "server_error");
            }

            return Results.Json(new
            {
                service,
                exists = routes is not null,
                ready = routes?.ReadyCount ?? 0,
                draining = routes?.Replicas.Count(r => r.Draining) ?? 0,
            });
        });

        app.MapFallback(() => Error(404, "Unknown path. The router serves POST /v1/completions, /v1/chat/completions, /v1/embeddings and GET /v1/models.", "invalid_request_error"));
    }

    private static async Task<IResult?> AuthorizeAsync(HttpContext context, KeyAuthenticator auth, ApiKeyScope scope)
    {
        ApiKeyIdentity? identity;
        try
        {
            identity = await auth.AuthenticateAsync(context.Request, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Error(503, "API keys cannot be checked right now (storage unavailable); try again.", "server_error");
        }

        return identity is null
            ? Error(401, "Missing or invalid API key: send 'Authorization: Bearer KEY'.", "invalid_request_error", "invalid_api_key")
            : identity.Allows(scope) ? null : Error(403, $"This key's scope is {identity.Scope}; this needs {scope}.", "invalid_request_error", "forbidden");
    }

    private static IResult Error(int status, string message, string type, string? code = null) =>
        Results.Json(new { error = new { message, type, param = (string?)null, code } }, statusCode: status);
}
