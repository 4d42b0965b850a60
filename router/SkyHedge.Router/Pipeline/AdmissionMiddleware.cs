using SkyHedge.Core.Routing;
using Microsoft.AspNetCore.Http;
using SkyHedge.Router.Replicas;
using SkyHedge.Router.Requests;
using SkyHedge.Router.Security;
using SkyHedge.Router.Signals;

namespace SkyHedge.Router.Pipeline;

/// <summary>
/// The first step of the proxy pipeline: everything that can refuse a request before any replica sees it, cheapest
/// check first. 401 without a valid inference or admin key; 429 over the key's rate; 413 over the body limit; 400
/// for a malformed body; 404 for an unknown model (listing the models). Then the request is counted for the
/// autoscaler, held while its service has no Ready replica, and given its plan: the service and the pool its size
/// belongs to.
/// </summary>
internal sealed class AdmissionMiddleware(
    RequestDelegate next,
    KeyAuthenticator authenticator,
    KeyRateLimiter limiter,
    RequestParser parser,
    ReplicaSet replicas,
    AdmissionQueue queue,
    ReplicaSync sync,
    RequestCounter counter,
    RouterOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            var plan = await AdmitAsync(context);
            context.Features.Set(plan);
        }
        catch (RequestRejectedException rejection)
        {
            await OpenAiError.WriteAsync(context, rejection);
            return;
        }

        await next(context);
    }

    private RequestRejectedException UnknownModel(string model)
    {
        var models = string.Join(", ", replicas.Current.Services.Keys.Order(StringComparer.Ordinal));
        return new RequestRejectedException(
            404, $"The model '{model}' does not exist. Models: {(models.Length == 0 ? "(none)" : models)}.", "invalid_request_error", "model_not_found");
    }

    private async Task<RequestPlan> AdmitAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        Control.Keys.ApiKeyIdentity? identity;
        try
        {
            identity = await authenticator.AuthenticateAsync(context.Request, aborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new RequestRejectedException(503, "API keys cannot be checked right now (storage unavailable); try again.", "server_error", "auth_unavailable", TimeSpan.FromSeconds(5));
        }

        if (identity is null)
        {
            throw new RequestRejectedException(401, "Missing or invalid API key: send 'Authorization: Bearer KEY' with a key from the admin API.", "invalid_request_error", "invalid_api_key");
        }

        if (limiter.TryAcquire(identity.Id) is { } wait)
        {
            throw new RequestRejectedException(429, $"Rate limit of {options.RateLimitPerSecond} requests/s for this key reached.", "rate_limit_error", "rate_limit_exceeded", wait);
        }

        var body = await RequestBody.ReadAsync(context.Request, options.MaxBodyBytes, aborted);
        var kind = context.Request.Path.Value switch
        {
            "/v1/chat/completions" => RequestKind.Chat,
            "/v1/embeddings" => RequestKind.Embeddings,
            _ => RequestKind.Completions,
        };
        var request = parser.Parse(body, kind);
        if (!replicas.Current.Services.TryGetValue(request.Model, out var known))
        {
            known = await sync.DiscoverAsync(request.Model, aborted);
        }

        var service = known ?? throw UnknownModel(request.Model);

        counter.Add(service.Name);
        if (service.ReadyCount == 0)
        {
            service = await queue.WaitForReplicaAsync(service.Name, aborted);
        }

        var outputTokens = request.OutputTokens(service.DefaultMaxTokens, kind == RequestKind.Embeddings);
        counter.AddSize(service.Name, SizeGrid.Cell(request.InputTokens, outputTokens));
        var pool = service.Routing.Lookup(request.InputTokens, outputTokens);
        return new RequestPlan(service, request, pool, options.MaxAttempts);
    }
}
