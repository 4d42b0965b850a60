using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkyHedge.Core.Performance;
using SkyHedge.Emulator.Generation;
using SkyHedge.Emulator.Hosting;
using SkyHedge.Emulator.Serving;

namespace SkyHedge.Emulator;

/// <summary>
/// The model-server emulator: an OpenAI-compatible server paced by the core <see cref="GpuPerformanceModel"/>.
/// <c>skyhedge-emulator</c> and <c>skyhedge emulate</c> both call <see cref="RunAsync(string[])"/>; tests and other
/// hosts call <see cref="Build"/>, start the app and read <see cref="Address"/>.
/// </summary>
public static class EmulatorApp
{
    /// <summary>The one line printed to stdout once listening, before the address: <c>listening on http://HOST:PORT</c>.</summary>
    public const string ListeningPrefix = "listening on ";

    /// <summary>The <c>--help</c> text.</summary>
    public const string HelpText = """
        skyhedge-emulator: an OpenAI-compatible model server that behaves like one GPU serving a Llama-2-7B-class model.

        Usage: skyhedge-emulator [--gpu GPU] [--port N] [--host ADDRESS] [--model NAME] [--warmup-seconds S]
                                 [--grace-seconds G] [--time-scale X] [--token TOKEN] [--exit-with-stdin]

          --gpu GPU            GPU to emulate: T4, L4, A10G, V100, A100, A100-80GB, H100, or an alias (default A10G)
          --port N             port to listen on; 0 picks a free one (default 0)
          --host ADDRESS       IP address to listen on (default 127.0.0.1)
          --model NAME         model id served; requests naming another model get 404 (default emulated)
          --token TOKEN        bearer token /v1/* requires: the replica token the router presents. Prefer the
                               SKYHEDGE_REPLICA_TOKEN environment variable (other users can read arguments in ps);
                               the flag wins when both are set. With neither, no authorization (warned on stderr).
          --warmup-seconds S   /health and /v1/* answer 503 for S seconds after start (default 0)
          --grace-seconds G    on SIGTERM or Ctrl+C: refuse new requests, let in-flight ones finish for up to G
                               seconds (real time), then exit 0 (default 30)
          --time-scale X       divide every emulated delay (token timing, warm-up) by X; 10 = ten times faster (default 1)
          --exit-with-stdin    stop as on SIGTERM when standard input closes (a parent that dies closes it)
          --help               this text

        Endpoints: POST /v1/completions and /v1/chat/completions (streaming or not), GET /v1/models, GET /health.
        Once listening it prints exactly one line to stdout, "listening on http://HOST:PORT" (the actual port); logs go
        to stderr. Exit codes: 0 after a normal stop, 1 if it cannot listen, 2 for a bad command line.

        """;

    /// <summary>Runs the emulator with the process's streams and environment until SIGTERM or Ctrl+C; returns the exit
    /// code.</summary>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, CancellationToken.None);

    /// <summary>Runs the emulator until SIGTERM, Ctrl+C or <paramref name="cancellationToken"/> (each drains for the
    /// grace period); returns the exit code: 0 after a stop, 1 if it could not listen, 2 for a bad command line
    /// (the message goes to <paramref name="stderr"/>). <c>--help</c> prints the help to <paramref name="stdout"/>.</summary>
    /// <param name="environment">Reads environment variables (default: the process's); used for the replica token.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        WebApplication app;
        try
        {
            var options = CommandLine.Parse(args, environment ?? Environment.GetEnvironmentVariable);
            if (options is null)
            {
                await stdout.WriteAsync(HelpText).ConfigureAwait(false);
                return 0;
            }

            app = Build(options, stderr);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"skyhedge-emulator: {ex.Message} See --help.").ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                await stderr.WriteLineAsync($"skyhedge-emulator: cannot listen: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await stdout.WriteLineAsync(ListeningPrefix + Address(app).ToString().TrimEnd('/')).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (app.Services.GetRequiredService<EmulatorOptions>().ExitWithStdin)
            {
                _ = StopAtEndOfInputAsync(app.Lifetime);
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }

    /// <summary>Builds (does not start) an emulator. Logs go to <paramref name="log"/> (default stderr).</summary>
    /// <param name="timeProvider">The clock for pacing and warm-up (default the system's).</param>
    /// <exception cref="ArgumentException">An option is out of range or the GPU is unknown; the message names the flag.</exception>
    public static WebApplication Build(EmulatorOptions options, TextWriter? log = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        // No args: the command line is ours, parsed above; ASP.NET Core must not read --urls and friends from it.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name });
        builder.WebHost.UseUrls($"http://{UrlHost(options.Host)}:{options.Port.ToString(CultureInfo.InvariantCulture)}");
        // The grace period is the host's shutdown timeout: Kestrel stops listening, lets requests in flight finish
        // until it runs out, then cuts them.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Grace);
        builder.Logging.ClearProviders()
            .AddProvider(new TextWriterLoggerProvider(log ?? Console.Error))
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning);

        var batch = new Batch();
        var shapes = new ResponseShapes(options.Model, model.Gpu.Id);
        var state = new ReplicaState(time, options.Warmup / options.TimeScale);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(batch);
        builder.Services.AddSingleton(new ReplicaTokenCheck(options.Token));
        builder.Services.AddSingleton(shapes);
        var metrics = new ServingMetrics(options.Model);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(new CompletionHandler(
            options.Model, model.MaxContextTokens, batch, new PerformanceClock(model, batch, options.TimeScale, time), shapes, metrics));

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SkyHedge.Emulator");
        ReplicaLifecycle.Attach(app.Lifetime, options, model, state, batch, logger, time);
        EmulatorEndpoints.Map(app, model.Gpu.Id, model.MaxContextTokens);
        return app;
    }

    /// <summary>The address a started emulator listens on, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    /// <exception cref="InvalidOperationException">The app was not built by <see cref="Build"/> or is not started.</exception>
    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<EmulatorOptions>();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The emulator is not listening yet: start it first.");
        var port = new Uri(bound.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;
        return new Uri($"http://{UrlHost(options.Host)}:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    private static async Task StopAtEndOfInputAsync(IHostApplicationLifetime lifetime)
    {
        try
        {
            using var input = Console.OpenStandardInput();
            await input.CopyToAsync(Stream.Null, lifetime.ApplicationStopping).ConfigureAwait(false);
            lifetime.StopApplication();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Stopping anyway, or no readable stdin: nothing to watch.
        }
    }

    private static string UrlHost(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
