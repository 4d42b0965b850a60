using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>A model server stand-in: a real Kestrel server on a free loopback port that accepts only its own
/// token (as replicas do), records what it received, and can be killed (in-flight connections reset, new ones
/// refused) like a preempted VM.</summary>
internal sealed class FakeReplica : IAsyncDisposable
{
    private readonly ConcurrentDictionary<HttpContext, byte> _inFlight = new();
    private WebApplication? _app;
    private volatile bool _killed;

    private FakeReplica(string id, Func<HttpContext, string, Task> handler)
    {
        Id = id;
        Handler = handler;
    }

    public string Id { get; }

    public string Token { get; } = "tok-" + Guid.NewGuid().ToString("N");

    public string Address { get; private set; } = string.Empty;

    /// <summary>Answers an authorised request; gets the body text.</summary>
    public Func<HttpContext, string, Task> Handler { get; set; }

    /// <summary>Bodies of the requests that reached the handler.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>Authorization headers seen (the router must present this replica's token, never the client's key).</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public int Count => Bodies.Count;

    public int InFlight => _inFlight.Count;

    public static async Task<FakeReplica> StartAsync(string id, Func<HttpContext, string, Task>? handler = null)
    {
        var replica = new FakeReplica(id, handler ?? ((ctx, _) => OkAsync(ctx, id)));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(replica.HandleAsync);
        await app.StartAsync();
        replica._app = app;
        replica.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return replica;
    }

    /// <summary>200 with a small OpenAI-like JSON naming the replica.</summary>
    public static Task OkAsync(HttpContext context, string id)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($"{{\"object\":\"text_completion\",\"replica\":\"{id}\",\"choices\":[{{\"text\":\"ok\"}}]}}");
    }

    /// <summary>Resets every in-flight connection and stops listening: what a preempted VM looks like.</summary>
    public async Task KillAsync()
    {
        _killed = true;
        foreach (var context in _inFlight.Keys)
        {
            context.Abort();
        }

        if (_app is not null)
        {
            using var now = new CancellationTokenSource();
            await now.CancelAsync();
            await _app.StopAsync(now.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            if (!_killed)
            {
                await KillAsync();
            }

            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (_killed)
        {
            context.Abort();
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
            context.Response.StatusCode = 401;
            return;
        }

        AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
        _inFlight[context] = 0;
        try
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            Bodies.Enqueue(body);
            await Handler(context, body);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            _inFlight.TryRemove(context, out _);
        }
    }
}
