using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Emulator.Generation;

namespace SkyHedge.Emulator.Tests.Harness;

/// <summary>An emulator started in the test process on a free loopback port, with a client that presents its token.</summary>
internal sealed class InProcessEmulator : IAsyncDisposable
{
    public const string Token = "replica-token-for-tests";

    private readonly WebApplication _app;
    private readonly StringWriter _log;
    private readonly TextWriter _logWriter;

    static InProcessEmulator()
    {
        // The test host blocks a few thread-pool threads once, early in a run; on a 2-core machine that starves the
        // pool and delays one timer continuation by the ~0.5 s the pool takes to add a thread, which timing tests
        // would read as the emulator being slow. More threads up front keep the measurements about the emulator.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }

    private InProcessEmulator(WebApplication app, StringWriter log, TextWriter logWriter, Uri address)
    {
        _app = app;
        _log = log;
        _logWriter = logWriter;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public Uri Address { get; }

    /// <summary>Presents <see cref="Token"/> (when the emulator has one).</summary>
    public HttpClient Client { get; }

    /// <summary>Requests in flight (the batch).</summary>
    public int InFlight => _app.Services.GetRequiredService<Batch>().Count;

    /// <summary>What the emulator logged.</summary>
    public string Log
    {
        get
        {
            // A synchronized writer locks itself while writing.
            lock (_logWriter)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts an emulator; by default an A10G with <see cref="Token"/>, a 1 s grace so disposal is quick.</summary>
    public static async Task<InProcessEmulator> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions { Token = Token, Grace = TimeSpan.FromSeconds(1) };
        var log = new StringWriter();
        var logWriter = TextWriter.Synchronized(log);
        var app = EmulatorApp.Build(options with { Port = 0, Host = "127.0.0.1" }, logWriter);
        await app.StartAsync();
        return new InProcessEmulator(app, log, logWriter, EmulatorApp.Address(app));
    }

    /// <summary>A couple of small requests, so measured ones do not pay for a cold process (JIT, first connection).</summary>
    public async Task WarmUpAsync()
    {
        using var streamed = await OpenAi.CompleteAsync(Client, "warm up", 2, stream: true);
        await streamed.Content.ReadAsStringAsync();
        using var whole = await OpenAi.CompleteAsync(Client, "warm up", 2);
        await whole.Content.ReadAsStringAsync();
    }

    /// <summary>Stops the emulator as an interruption notice would: drains for the grace period.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _log.DisposeAsync();
    }
}
