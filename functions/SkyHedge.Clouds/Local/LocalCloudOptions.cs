using SkyHedge.Core.Catalog;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Clouds.Local;

/// <summary>
/// How the local cloud (<see cref="LocalCloudProvider"/>) runs replicas: which emulator it starts, which virtual
/// zones exist and when their spot capacity comes and goes, what they cost, and where replica logs go. Every
/// property has a default that works on a developer machine; see <c>Local/README.md</c>.
/// </summary>
/// <remarks>
/// Two clocks: the trace replay, the notice period and every timestamp follow <see cref="TimeProvider"/> (tests
/// pass a fake one and advance it); the process timeouts (<see cref="StartTimeout"/>, the terminate grace) are
/// real time, because the emulator processes run in real time whatever the clock says.
/// </remarks>
public sealed class LocalCloudOptions
{
    /// <summary>The default <see cref="TimeScale"/>: one wall second replays one trace minute.</summary>
    public const double DefaultTimeScale = 60;

    /// <summary>How to start an emulator. Null (the default): <see cref="EmulatorCommand.Locate"/> at the first
    /// launch; when nothing is found the launch fails with <c>InvalidSpecException</c> (code
    /// <c>EmulatorNotFound</c>) saying where it looked.</summary>
    public EmulatorCommand? EmulatorCommand { get; init; }

    /// <summary>The zones when there is no <see cref="PreemptTrace"/>. Null (the default):
    /// <see cref="LocalZone.Defaults"/>, three zones of <c>local-region-1</c> priced as AWS us-east-1. Spot
    /// capacity in these zones never runs out. Must be null when <see cref="PreemptTrace"/> is set (the trace names
    /// the zones).</summary>
    public IReadOnlyList<LocalZone>? Zones { get; init; }

    /// <summary>A spot trace folder or file readable by <see cref="TraceLoader"/> (e.g.
    /// <c>data/spot/aws-v100-excerpt</c> or <c>../shared/data/spot/aws-v100-2month</c>). When set, the zones are the
    /// trace's zones and their spot capacity follows the trace; null (the default) for always-available zones.</summary>
    public string? PreemptTrace { get; init; }

    /// <summary>The trace's own spot prices, as change points (<see cref="SpotPriceSeries"/>; e.g.
    /// <c>data/prices/aws-v100-excerpt-spot-prices.csv</c>, or <c>../shared/data/prices/aws-v100-spot-price-changepoints.csv</c>
    /// for the 2-month trace). A zone with prices charges them for the trace's own GPU, and scales the catalog's
    /// price of any other GPU by the same factor (see <c>Local/README.md</c>). Null (the default): catalog prices.
    /// Needs <see cref="PreemptTrace"/>.</summary>
    public string? SpotPrices { get; init; }

    /// <summary>Seconds per trace tick, overriding the trace files' own <c>gap_seconds</c> (null: the files').</summary>
    public double? TraceGapSeconds { get; init; }

    /// <summary>What the trace's integers mean, for files that do not say (null: the files' metadata).</summary>
    public TraceValueMeaning? TraceValues { get; init; }

    /// <summary>Trace seconds replayed per wall second (default 60). Scales only the trace replay: the emulators,
    /// the notice period and the control loop run in real time.</summary>
    public double TimeScale { get; init; } = DefaultTimeScale;

    /// <summary>Where in the trace the replay starts (trace time, default 0).</summary>
    public TimeSpan TraceStart { get; init; } = TimeSpan.Zero;

    /// <summary>When set, on-demand costs this many times the zone's spot price instead of the catalog's on-demand
    /// price (as the simulator's <c>--ondemand-cost-ratio</c>). Null (the default): the catalog price.</summary>
    public decimal? OnDemandCostRatio { get; init; }

    /// <summary>Wall-clock time between a spot replica's interruption notice
    /// (<see cref="Core.Ports.CloudInstance.InterruptionNoticeAt"/>) and its kill (default 2 s; clouds give 30 s to
    /// 2 min, which locally would only slow the demo down). Zero kills at once, with the notice.</summary>
    public TimeSpan NoticePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the replay looks at the trace (wall time, default 250 ms): the precision of notices and
    /// kills.</summary>
    public TimeSpan ReplayInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The emulator's <c>--time-scale</c>: how much faster than real its emulated latencies run (default 1,
    /// real speed).</summary>
    public double EmulatorTimeScale { get; init; } = 1;

    /// <summary>The emulator's <c>--warmup-seconds</c>: how long it answers /health with 503 before 200, the local
    /// stand-in for loading a model (default 2; emulated seconds, which the emulator divides by
    /// <see cref="EmulatorTimeScale"/>).</summary>
    public double EmulatorWarmupSeconds { get; init; } = 2;

    /// <summary>The emulator's <c>--grace-seconds</c>: how long it lets in-flight requests finish after SIGTERM
    /// (default 5, real time). A terminate kills the process if it is still there 2 s after that.</summary>
    public double EmulatorGraceSeconds { get; init; } = 5;

    /// <summary>How long a new emulator may take to print its <c>listening on</c> line (real time, default 30 s);
    /// after that it is killed and its instance reports Terminated.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The interface the emulators listen on (default <c>127.0.0.1</c>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>At most this many live (starting, running or stopping) processes; a launch beyond it throws
    /// <c>QuotaExceededException</c> (code <c>LocalInstanceLimit</c>), which keeps a runaway control loop from
    /// exhausting the machine. Default 32; null for no limit.</summary>
    public int? MaxLiveInstances { get; init; } = 32;

    /// <summary>Each replica's stdout and stderr go to <c>{LogDirectory}/{service}/{replicaId}.log</c> (see
    /// <see cref="LogPath"/>). Default <see cref="DefaultLogDirectory"/>.</summary>
    public string LogDirectory { get; init; } = DefaultLogDirectory;

    /// <summary>The prices (default <see cref="PriceCatalog.Default"/>).</summary>
    public PriceCatalog? Catalog { get; init; }

    /// <summary>The clock of the replay, notices and timestamps (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary><c>{temp}/skyhedge-local/logs</c>.</summary>
    public static string DefaultLogDirectory => Path.Combine(Path.GetTempPath(), "skyhedge-local", "logs");

    /// <summary>The log file of one replica: <c>{logDirectory}/{service}/{replicaId}.log</c>, with any character
    /// that is not a letter, digit, <c>-</c>, <c>_</c> or <c>.</c> (and a leading dot) replaced by <c>_</c>, so a
    /// name can never leave the folder.</summary>
    public static string LogPath(string logDirectory, string service, string replicaId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logDirectory);
        return Path.Combine(logDirectory, SafeName(service), SafeName(replicaId) + ".log");
    }

    /// <summary>Checks every value; the message names the option.</summary>
    /// <exception cref="ArgumentException">A value is out of range or two options conflict.</exception>
    public void Validate()
    {
        Require(double.IsFinite(TimeScale) && TimeScale > 0, nameof(TimeScale), $"must be a positive number, got {TimeScale}");
        Require(TraceStart >= TimeSpan.Zero, nameof(TraceStart), $"must not be negative, got {TraceStart}");
        Require(OnDemandCostRatio is null or > 0, nameof(OnDemandCostRatio), $"must be positive, got {OnDemandCostRatio}");
        Require(NoticePeriod >= TimeSpan.Zero, nameof(NoticePeriod), $"must not be negative, got {NoticePeriod}");
        Require(ReplayInterval > TimeSpan.Zero, nameof(ReplayInterval), $"must be positive, got {ReplayInterval}");
        Require(double.IsFinite(EmulatorTimeScale) && EmulatorTimeScale > 0, nameof(EmulatorTimeScale), $"must be a positive number, got {EmulatorTimeScale}");
        Require(double.IsFinite(EmulatorWarmupSeconds) && EmulatorWarmupSeconds >= 0, nameof(EmulatorWarmupSeconds), $"must not be negative, got {EmulatorWarmupSeconds}");
        Require(double.IsFinite(EmulatorGraceSeconds) && EmulatorGraceSeconds >= 0, nameof(EmulatorGraceSeconds), $"must not be negative, got {EmulatorGraceSeconds}");
        Require(StartTimeout > TimeSpan.Zero, nameof(StartTimeout), $"must be positive, got {StartTimeout}");
        Require(MaxLiveInstances is null or > 0, nameof(MaxLiveInstances), $"must be positive, got {MaxLiveInstances}");
        Require(!string.IsNullOrWhiteSpace(Host), nameof(Host), "must be set");
        Require(!string.IsNullOrWhiteSpace(LogDirectory), nameof(LogDirectory), "must be set");
        Require(TraceGapSeconds is null or > 0, nameof(TraceGapSeconds), $"must be positive, got {TraceGapSeconds}");
        Require(SpotPrices is null || PreemptTrace is not null, nameof(SpotPrices), $"needs {nameof(PreemptTrace)} (prices are per trace zone and tick)");
        Require(PreemptTrace is null || Zones is null, nameof(Zones), $"must not be set together with {nameof(PreemptTrace)} (the trace names the zones)");
        if (Zones is not null)
        {
            Require(Zones.Count > 0, nameof(Zones), "must name at least one zone");
            var duplicate = Zones.GroupBy(z => z.Zone, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            Require(duplicate is null, nameof(Zones), $"names zone '{duplicate?.Key}' twice");
        }
    }

    private static void Require(bool ok, string option, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"{nameof(LocalCloudOptions)}.{option} {problem}.", option);
        }
    }

    private static string SafeName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        if (chars[0] == '.')
        {
            chars[0] = '_';
        }

        return new string(chars);
    }
}
