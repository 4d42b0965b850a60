using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SkyHedge.Clouds.Local;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Local;

/// <summary>Clocks, temp folders, tiny traces, requests and stand-in commands for the local-cloud tests. Disposing
/// kills the processes of every cloud it made and waits for them (so no test leaves a process behind), then deletes
/// the temp folder. Test classes hold it and are <see cref="IDisposable"/>: xunit 2 does not call
/// <see cref="IAsyncDisposable"/> on test classes.</summary>
internal sealed class LocalCloudKit : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Real processes start in real time: generous, for a loaded CI machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<LocalCloudProvider> _clouds = [];

    public LocalCloudKit()
    {
        TempDirectory = Path.Combine(Path.GetTempPath(), "skyhedge-local-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(TempDirectory);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public string TempDirectory { get; }

    public string LogDirectory => Path.Combine(TempDirectory, "logs");

    public static CancellationToken Ct => CancellationToken.None;

    /// <summary>The real emulator (cli/SkyHedge.Emulator), copied next to the tests by the project reference.</summary>
    public static EmulatorCommand Emulator =>
        EmulatorCommand.Locate() ?? throw new InvalidOperationException($"skyhedge-emulator not found in {EmulatorCommand.SearchDescription()}");

    /// <summary>A stand-in that prints the listening line, then sleeps until signalled (SIGTERM ends it).</summary>
    public static EmulatorCommand Sleeper => Shell("echo listening on http://127.0.0.1:9; exec sleep 600");

    /// <summary>A shell script as the emulator command; the emulator's flags become its positional parameters.</summary>
    public static EmulatorCommand Shell(string script) => new("/bin/sh", ["-c", script, "stand-in"]);

    /// <summary>A cloud on <see cref="Clock"/> logging under <see cref="LogDirectory"/>, stopped when the kit is
    /// disposed.</summary>
    public LocalCloudProvider Cloud(
        EmulatorCommand? emulator = null,
        string? trace = null,
        double timeScale = 60,
        TimeSpan? notice = null,
        decimal? onDemandRatio = null,
        TimeSpan? startTimeout = null,
        double graceSeconds = 5,
        bool fakeClock = true,
        string? spotPrices = null)
    {
        var cloud = new LocalCloudProvider(new LocalCloudOptions
        {
            EmulatorCommand = emulator,
            PreemptTrace = trace,
            SpotPrices = spotPrices,
            TimeScale = timeScale,
            NoticePeriod = notice ?? TimeSpan.FromSeconds(2),
            OnDemandCostRatio = onDemandRatio,
            StartTimeout = startTimeout ?? Patience,
            EmulatorWarmupSeconds = 0.2,
            EmulatorGraceSeconds = graceSeconds,
            LogDirectory = LogDirectory,
            TimeProvider = fakeClock ? Clock : TimeProvider.System,
        });
        _clouds.Add(cloud);
        return cloud;
    }

    /// <summary>Writes a trace folder of per-zone JSON files (AWS zone names, 0/1 availability by default).</summary>
    public string Trace(double gapSeconds, params (string Zone, int[] Values)[] zones) => Trace(gapSeconds, "1 = available, 0 = not", zones);

    public string Trace(double gapSeconds, string meaning, params (string Zone, int[] Values)[] zones)
    {
        var folder = Path.Combine(TempDirectory, "trace-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        foreach (var (zone, values) in zones)
        {
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"metadata":{"gap_seconds":{{gapSeconds}},"value_meaning":"{{meaning}}","cloud":"aws","zone":"{{zone}}"},"data":[{{string.Join(',', values)}}]}""");
            File.WriteAllText(Path.Combine(folder, zone + ".json"), json);
        }

        return folder;
    }

    public static LaunchRequest Request(
        string replicaId, Location location, Market market = Market.Spot, string service = "svc", string? token = null, string gpu = Accelerators.A10G) =>
        new(
            service,
            replicaId,
            new Offering(LocalCloudProvider.InstanceType, gpu, 1, location, market, 1.0m),
            new ServiceSpec { Name = service },
            token ?? $"{service}-{replicaId}",
            "replica-secret-" + replicaId);

    public static Location Zone(string zone = "local-zone-a", string region = LocalZone.DefaultRegion) => new(Core.Model.Clouds.Local, region, zone);

    /// <summary>Polls (real time) until <paramref name="condition"/> holds.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > (timeout ?? Patience))
            {
                throw new TimeoutException($"{what}: not within {(timeout ?? Patience).TotalSeconds:0} s");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the instance reports <paramref name="state"/> and returns it.</summary>
    public static async Task<CloudInstance> WaitForStateAsync(LocalCloudProvider cloud, string instanceId, InstanceState state)
    {
        CloudInstance? last = null;
        await EventuallyAsync(async () => (last = await cloud.GetAsync(instanceId, Ct))?.State == state, $"{instanceId} {state} (last {last?.State})");
        return last!;
    }

    /// <summary>True when no process with this id exists (or only a zombie no one will reap).</summary>
    public static bool IsGone(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            // Field 3 of /proc/PID/stat is the state; Z is a zombie.
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }

    public static Task WaitGoneAsync(int pid) => EventuallyAsync(() => Task.FromResult(IsGone(pid)), $"process {pid} gone", TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        foreach (var cloud in _clouds)
        {
            cloud.Dispose();
        }

        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
