using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Router.Tests.Harness;

namespace SkyHedge.Router.Tests.Reliability;

/// <summary>
/// A real router (the app <c>Program</c> runs) serving a <see cref="ReplicasFile"/>, so no storage is involved and
/// a second router can take over the same replicas. Only the bootstrap key authenticates. Rate limits are lifted:
/// these tests send bursts on one key on purpose.
/// </summary>
internal sealed class FileRouter : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private FileRouter(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <param name="url">Where to listen; the default picks a free port.</param>
    /// <param name="bindFor">How long to retry while the port is still held (a restart on the same port).</param>
    public static async Task<FileRouter> StartAsync(
        ReplicasFile replicas, IReadOnlyDictionary<string, string>? settings = null, string url = "http://127.0.0.1:0", TimeSpan? bindFor = null)
    {
        var all = new Dictionary<string, string>
        {
            ["--urls"] = url,
            ["--replicas"] = replicas.Path,
            ["--SKYHEDGE_ADMIN_KEY"] = RouterHarness.AdminKey,
            ["--SkyHedge:Router:RateLimitPerSecond"] = "100000",
            ["--SkyHedge:Router:RateLimitBurst"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all["--" + key] = value;
        }

        string[] args = [.. all.SelectMany(kv => new[] { kv.Key, kv.Value })];
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var app = RouterApp.Build(args);
            try
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                return new FileRouter(app, address);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException && clock.Elapsed < (bindFor ?? TimeSpan.Zero))
            {
                await app.DisposeAsync();
                await Task.Delay(20); // poll the port until the operating system lets go of it
            }
        }
    }

    /// <summary>A client with the bootstrap key. Its connect timeout is well above a refusal's few milliseconds, so
    /// a listener that drops connection attempts shows as a timeout, not as a refusal.</summary>
    public HttpClient NewClient(TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = timeout ?? TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RouterHarness.AdminKey);
        return client;
    }

    /// <summary>A graceful stop, as on SIGTERM: the listener closes at once, requests in flight finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await StopAsync(bound.Token);
        }

        await _app.DisposeAsync();
    }
}
