using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Emulator.Generation;

namespace SkyHedge.Emulator.Serving;

/// <summary>
/// The replica's HTTP surface. <c>/v1/*</c> passes three gates, in order: the replica token (401), draining after an
/// interruption notice (503, <c>Connection: close</c>, so the router retries elsewhere), and warm-up (503 with
/// <c>Retry-After</c>). <c>/health</c> needs no token and answers 200 only while serving; <c>/metrics</c> (counts in
/// vLLM's Prometheus names, never prompts) needs none either, as vLLM's. Every response names the emulated GPU in
/// <c>x-skyhedge-gpu</c>.
/// </summary>
internal static class EmulatorEndpoints
{
    public const string GpuHeader = "x-skyhedge-gpu";

    public static void Map(WebApplication app, string gpu, int maxContextTokens)
    {
        var state = app.Services.GetRequiredService<ReplicaState>();
        var tokens = app.Services.GetRequiredService<ReplicaTokenCheck>();
        var shapes = app.Services.GetRequiredService<ResponseShapes>();
        var handler = app.Services.GetRequiredService<CompletionHandler>();
        var metrics = app.Services.GetRequiredService<ServingMetrics>();
        var started = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();

        app.Use(async (context, next) =>
        {
            context.Response.Headers[GpuHeader] = gpu;
            if (context.Request.Path.StartsWithSegments("/v1") && await GateAsync(context, state, tokens).ConfigureAwait(false))
            {
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post], async context =>
        {
            var status = state.Draining ? "draining" : state.IsWarm ? "ok" : "warming_up";
            context.Response.StatusCode = status == "ok" ? 200 : 503;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(shapes.Health(status), context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/metrics", context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return context.Response.WriteAsync(metrics.Render(), context.RequestAborted);
        });
        app.MapGet("/v1/models", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(shapes.Models(started, maxContextTokens), context.RequestAborted).ConfigureAwait(false);
        });
        app.MapPost("/v1/completions", context => handler.HandleAsync(context, RequestKind.Completion));
        app.MapPost("/v1/chat/completions", context => handler.HandleAsync(context, RequestKind.Chat));
        app.MapFallback(context => OpenAiErrors.WriteAsync(
            context, 404, $"No route for {context.Request.Method} {context.Request.Path}: this replica serves POST /v1/completions, POST /v1/chat/completions, GET /v1/models, GET /health and GET /metrics.",
            "invalid_request_error", null, "not_found"));
    }

    /// <summary>True when the request was answered here (refused).</summary>
    private static async Task<bool> GateAsync(HttpContext context, ReplicaState state, ReplicaTokenCheck tokens)
    {
        if (!tokens.Accepts(context.Request.Headers.Authorization))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await OpenAiErrors.WriteAsync(
                context, 401, "Missing or invalid replica token: send 'Authorization: Bearer TOKEN' with the token this replica was started with.",
                "invalid_request_error", null, "invalid_api_key").ConfigureAwait(false);
            return true;
        }

        if (state.Draining)
        {
            context.Response.Headers.Connection = "close";
            await OpenAiErrors.WriteAsync(
                context, 503, "This replica is draining after an interruption notice and takes no new requests; retry on another replica.",
                "server_error", null, "replica_draining").ConfigureAwait(false);
            return true;
        }

        var warmupLeft = state.WarmupLeft;
        if (warmupLeft > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(warmupLeft.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await OpenAiErrors.WriteAsync(
                context, 503, string.Create(CultureInfo.InvariantCulture, $"The model is still loading (warm-up, {warmupLeft.TotalSeconds:0.#} s left)."),
                "server_error", null, "replica_warming_up").ConfigureAwait(false);
            return true;
        }

        return false;
    }
}
