using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Router;

/// <summary>A stand-in for the router's push endpoint on a loopback port: records every request and answers with
/// <see cref="Status"/> after <see cref="Delay"/>.</summary>
internal sealed class RecordingRouter : IAsyncDisposable
{
    private LoopbackHttpServer? _server;

    public ConcurrentQueue<(string Method, string Path, string? Authorization, string? ContentType, string Body)> Requests { get; } = new();

    public int Status { get; set; } = StatusCodes.Status200OK;

    public TimeSpan Delay { get; set; }

    public Uri Url => new(_server!.Address);

    public static async Task<RecordingRouter> StartAsync()
    {
        var router = new RecordingRouter();
        router._server = await LoopbackHttpServer.StartAsync(router.HandleAsync);
        return router;
    }

    public ValueTask DisposeAsync() => _server!.DisposeAsync();

    private async Task HandleAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var body = await reader.ReadToEndAsync(ctx.RequestAborted);
        Requests.Enqueue((ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, ctx.Request.Headers.Authorization.FirstOrDefault(), ctx.Request.ContentType, body));
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up
            }
        }

        ctx.Response.StatusCode = Status;
    }
}
