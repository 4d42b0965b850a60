using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using SkyHedge.Cli.Admin;
using SkyHedge.Cli.Local;
using SkyHedge.Clouds.Local;
using SkyHedge.Core.Spec;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge local up SPEC</c>: the whole stack on this machine (Azurite, control plane, admin API,
/// router, a local cloud of emulator processes preempted from a real spot trace), serving SPEC until Ctrl+C.</summary>
internal static class LocalCommand
{
    /// <summary>The spot prices shipped for the default trace (<c>data/prices</c>).</summary>
    public static string DefaultSpotPrices => Path.Combine(AppContext.BaseDirectory, "data", "prices", "aws-v100-excerpt-spot-prices.csv");

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<string>("SPEC") { Description = "The service spec (YAML) to serve, e.g. examples/llama2-7b.yaml." };
        var trace = new Option<string>("--preempt-trace")
        {
            Description = "Spot availability trace folder whose zones the local cloud replays (default: the AWS V100 excerpt shipped in data/spot).",
            DefaultValueFactory = _ => SimulateCommand.DefaultTrace,
        };
        var prices = new Option<string?>("--spot-prices")
        {
            Description = "The trace's own spot prices per zone and tick (zone,tick,price_usd_per_hour change points), or 'none' for catalog prices (default: the shipped excerpt prices with the default trace, else none).",
        };
        var timeScale = new Option<double>("--time-scale") { Description = "Trace time runs this many times faster than wall time.", DefaultValueFactory = _ => LocalCloudOptions.DefaultTimeScale };
        var costRatio = new Option<decimal?>("--ondemand-cost-ratio") { Description = "Price on-demand as R × spot instead of the catalog's on-demand price." };
        var routerPort = new Option<int>("--port") { Description = "Router port.", DefaultValueFactory = _ => 8080 };
        var adminPort = new Option<int>("--admin-port") { Description = "Admin API port.", DefaultValueFactory = _ => 7071 };
        var storagePort = new Option<int>("--storage-port") { Description = "Azurite blob port (queue and table use the next two).", DefaultValueFactory = _ => 10000 };
        var sidecarPort = new Option<int>("--sidecar-port") { Description = "Durable Task sidecar port.", DefaultValueFactory = _ => 4001 };
        var ports = new Option<string?>("--ports") { Description = "'auto': pick free ports for everything." };
        var apiKey = new Option<string?>("--api-key") { Description = "Admin-scope key for the router and the admin API (at least 16 characters; generated and printed when omitted)." };
        var duration = new Option<double?>("--duration") { Description = "Stop by itself after this many seconds (default: run until Ctrl+C)." };
        var outages = new Option<string[]>("--gpu-outage")
        {
            Description = "GPU@START[-END]: withdraw that GPU type from the local cloud START seconds after the service is submitted (its replicas are preempted, launches refused), and bring it back at END; repeatable.",
        };
        var emulatorScale = new Option<double>("--emulator-time-scale") { Description = "Emulated GPU latencies run this many times faster.", DefaultValueFactory = _ => 1 };
        var up = new Command("up", "Start the whole stack on this machine and serve SPEC until Ctrl+C.")
        {
            spec, trace, prices, timeScale, costRatio, routerPort, adminPort, storagePort, sidecarPort, ports, apiKey, duration, emulatorScale, outages,
        };
        up.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var (yaml, _) = SpecFile.Read(parse.GetValue(spec)!);
                var gpuOutages = (parse.GetValue(outages) ?? []).Select(GpuOutage.Parse).ToList();
                var key = parse.GetValue(apiKey) ?? "sk-local-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                if (key.Length < 16)
                {
                    throw new CliFailure(ExitCodes.Usage, "--api-key must be at least 16 characters.");
                }

                var autoPorts = parse.GetValue(ports) switch
                {
                    null => false,
                    "auto" => true,
                    var other => throw new CliFailure(ExitCodes.Usage, $"--ports: expected 'auto', got '{other}'."),
                };
                var options = new LocalStackOptions
                {
                    RouterPort = parse.GetValue(routerPort),
                    AdminPort = parse.GetValue(adminPort),
                    StoragePort = parse.GetValue(storagePort),
                    SidecarPort = parse.GetValue(sidecarPort),
                    ApiKey = key,
                    LogDirectory = Path.Combine(Path.GetTempPath(), "skyhedge-local", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "logs"),
                };
                options = autoPorts ? options.WithAutoPorts() : options;
                var cloud = new LocalCloudProvider(new LocalCloudOptions
                {
                    EmulatorCommand = EmulatorCommand.Locate()
                        ?? throw new CliFailure(ExitCodes.Usage, $"The model-server emulator is not built; looked in {EmulatorCommand.SearchDescription()}."),
                    PreemptTrace = parse.GetValue(trace),
                    SpotPrices = SpotPrices(parse.GetValue(prices), parse.GetValue(trace)),
                    TimeScale = parse.GetValue(timeScale),
                    OnDemandCostRatio = parse.GetValue(costRatio),
                    EmulatorTimeScale = parse.GetValue(emulatorScale),
                    LogDirectory = options.LogDirectory,
                });
                return await LocalRun.RunAsync(options, cloud, yaml, parse.GetValue(duration), stdout, stderr, cancellationToken, gpuOutages).ConfigureAwait(false);
            }
            catch (CliFailure failure)
            {
                await stderr.WriteLineAsync($"skyhedge: {failure.Message}").ConfigureAwait(false);
                return failure.ExitCode;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or SpecException or SkyHedge.Simulation.Traces.TraceFormatException)
            {
                await stderr.WriteLineAsync($"skyhedge: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return new Command("local", "Run SkyHedge on this machine.") { up };
    }

    private static string? SpotPrices(string? given, string? trace) => given switch
    {
        "none" => null,
        null => string.Equals(Path.GetFullPath(trace ?? string.Empty), Path.GetFullPath(SimulateCommand.DefaultTrace), StringComparison.Ordinal) ? DefaultSpotPrices : null,
        _ => given,
    };
}
