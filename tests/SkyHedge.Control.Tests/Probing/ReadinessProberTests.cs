using SkyHedge.Control.Probing;
using SkyHedge.Core.Spec;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Probing;

/// <summary>The probe against a real HTTP server on a free loopback port.</summary>
public sealed class ReadinessProberTests : IAsyncLifetime
{
    private LoopbackHttpServer? _server;
    private string _address = "";
    private readonly List<(string Method, string Path, string? Auth, string? Custom, string Body)> _seen = [];

    public async Task InitializeAsync()
    {
        _server = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
            lock (_seen)
            {
                _seen.Add((ctx.Request.Method, ctx.Request.Path, ctx.Request.Headers.Authorization, ctx.Request.Headers["X-Probe"], body));
            }

            switch (ctx.Request.Path.Value)
            {
                case "/ok":
                    ctx.Response.StatusCode = 200;
                    break;
                case "/hang":
                    await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
                    break;
                default:
                    ctx.Response.StatusCode = 503;
                    break;
            }
        });
        _address = _server.Address;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static ReadinessProber Prober() => new(new HttpClient());

    [Fact]
    public async Task SuccessIsReadyAndCarriesTheReplicaToken()
    {
        var r = await Prober().ProbeAsync(_address, new ReadinessProbeSpec { Path = "/ok", Headers = new Dictionary<string, string> { ["X-Probe"] = "1" } }, "tok", default);
        Assert.True(r.Ready);
        Assert.Equal(200, r.StatusCode);
        var seen = Assert.Single(_seen);
        Assert.Equal(("GET", "/ok", "Bearer tok", "1"), (seen.Method, seen.Path, seen.Auth, seen.Custom));
    }

    [Fact]
    public async Task PostDataMakesItAPost()
    {
        var r = await Prober().ProbeAsync(_address, new ReadinessProbeSpec { Path = "/ok", PostDataJson = "{\"prompt\":\"hi\"}" }, null, default);
        Assert.True(r.Ready);
        Assert.Equal(("POST", "{\"prompt\":\"hi\"}"), (_seen[0].Method, _seen[0].Body));
    }

    [Fact]
    public async Task ErrorsTimeoutsAndRefusalsAreNotReady()
    {
        var unavailable = await Prober().ProbeAsync(_address, new ReadinessProbeSpec { Path = "/down" }, null, default);
        Assert.False(unavailable.Ready);
        Assert.Equal("HTTP 503", unavailable.Reason);

        var hang = await Prober().ProbeAsync(_address, new ReadinessProbeSpec { Path = "/hang", TimeoutSeconds = 1 }, null, default);
        Assert.False(hang.Ready);
        Assert.Contains("within 1 s", hang.Reason, StringComparison.Ordinal);

        // A port nobody listens on: bind one, release it, probe it.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var refused = await Prober().ProbeAsync($"http://127.0.0.1:{port}", new ReadinessProbeSpec(), null, default);
        Assert.False(refused.Ready);

        var noAddress = await Prober().ProbeAsync("fake://aws/i-1", new ReadinessProbeSpec(), null, default);
        Assert.False(noAddress.Ready);
    }
}
