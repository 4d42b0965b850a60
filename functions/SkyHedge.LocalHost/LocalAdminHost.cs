using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkyHedge.Control.Admin;

using SkyHedge.LocalHost.Hosting;

namespace SkyHedge.LocalHost;

/// <summary>
/// Serves the control plane's admin API on <c>http://127.0.0.1:PORT/api</c>, the address the Functions host would
/// give it (<c>7071</c> by default): the same <see cref="AdminApi"/> handlers behind the same HTTP adaptation
/// (<see cref="AdminHttp"/>), so a client cannot tell the local stack from a deployed one.
/// </summary>
public sealed class LocalAdminHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalAdminHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:7071</c> (the API is under <c>/api</c>).</summary>
    public Uri Address { get; }

    /// <summary>Starts listening on loopback.</summary>
    /// <param name="api">The admin API (built by the caller over its state store, key store and durable client).</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<LocalAdminHost> StartAsync(AdminApi api, int port, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        EmbeddedLifetime.Use(builder.Services);
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context => HandleAsync(context, api)); // the API answers 404 for paths outside /api itself
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalAdminHost(app, new Uri(bound));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task HandleAsync(HttpContext context, AdminApi api)
    {
        var request = await AdminHttp.ToAdminRequestAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var response = request is null ? AdminHttp.TooLarge() : await api.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
        await AdminHttp.WriteAsync(context.Response, response, context.RequestAborted).ConfigureAwait(false);
    }
}
