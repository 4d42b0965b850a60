using System.ComponentModel;
using System.Globalization;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using CloudIds = SkyHedge.Core.Model.Clouds;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Clouds.Local;

/// <summary>
/// The <c>local</c> cloud: each replica is a <c>skyhedge-emulator</c> process on this machine, placed in a virtual
/// zone. Spot capacity per zone is unlimited, or follows a spot trace replayed <see cref="LocalCloudOptions.TimeScale"/>
/// times faster than wall time from the first launch attempt: a spot launch into a zone without capacity fails with
/// <see cref="InsufficientCapacityException"/>, and when a zone loses capacity its spot replicas get an interruption
/// notice and are killed <see cref="LocalCloudOptions.NoticePeriod"/> later (state
/// <see cref="InstanceState.Preempted"/>). On-demand is always available. See <c>Local/README.md</c>.
/// </summary>
/// <remarks>
/// <para><b>Error contract</b>, on top of <see cref="ICloudProvider"/>'s. Launch throws
/// <see cref="InsufficientCapacityException"/> (code <c>LocalZoneUnavailable</c>, or <c>LocalZoneFull</c> when a
/// count trace's capacity is taken) for spot only; <see cref="QuotaExceededException"/> (<c>LocalInstanceLimit</c>)
/// beyond <see cref="LocalCloudOptions.MaxLiveInstances"/>; <see cref="InvalidSpecException"/> for a location that
/// is not one of <see cref="Zones"/>, an unknown GPU, a token reused for another replica or offering
/// (<c>IdempotentParameterMismatch</c>), or an emulator that cannot be found (<c>EmulatorNotFound</c>) or started
/// (<c>EmulatorNotStarted</c>); <see cref="ObjectDisposedException"/> once disposed. Nothing throws
/// <see cref="ThrottledException"/> or <see cref="UnauthorizedException"/>.</para>
/// <para><b>Processes.</b> Dispose (or <see cref="DisposeAsync"/>) stops every process this provider started, and so
/// does the normal exit of this process; after a hard kill of this process the emulators stop themselves when
/// their stdin pipe closes (<c>--exit-with-stdin</c>).</para>
/// </remarks>
public sealed partial class LocalCloudProvider : ICloudProvider, IAsyncDisposable, IDisposable
{
    /// <summary>The instance type of every local offering.</summary>
    public const string InstanceType = "local-emulator";

    /// <summary>The environment variable that carries the replica token to the emulator (never the command line,
    /// which every user of the machine can read).</summary>
    public const string ReplicaTokenVariable = "SKYHEDGE_REPLICA_TOKEN";

    private readonly LocalCloudOptions _options;
    private readonly LocalZoneReplay _replay;
    private readonly PriceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LocalReplica> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LocalReplica> _byToken = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withdrawn = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer? _timer;
    private EmulatorCommand? _command;
    private long _sequence;
    private Task? _stopped;

    /// <summary>Creates the cloud: reads the trace, if any, and starts its replay.</summary>
    /// <exception cref="ArgumentException">An option is invalid (<see cref="LocalCloudOptions.Validate"/>).</exception>
    /// <exception cref="TraceFormatException">The trace cannot be read.</exception>
    public LocalCloudProvider(LocalCloudOptions? options = null)
    {
        _options = options ?? new LocalCloudOptions();
        _options.Validate();
        _time = _options.TimeProvider;
        _catalog = _options.Catalog ?? PriceCatalog.Default;
        _command = _options.EmulatorCommand;
        _replay = LocalZoneReplay.Create(_options);
        // Also without a trace: a withdrawn GPU's replicas are killed by the same step.
        _timer = _time.CreateTimer(_ => Tick(), null, _options.ReplayInterval, _options.ReplayInterval);

        LocalCloudRegistry.Add(this);
    }

    /// <inheritdoc/>
    public string Cloud => CloudIds.Local;

    /// <summary>The options this cloud runs with.</summary>
    public LocalCloudOptions Options => _options;

    /// <summary>The virtual zones: the trace's, or <see cref="LocalCloudOptions.Zones"/>, or
    /// <see cref="LocalZone.Defaults"/>.</summary>
    public IReadOnlyList<LocalZone> Zones => _replay.Zones;

    /// <summary>How far the replay is into the trace now: <see cref="LocalCloudOptions.TraceStart"/> plus the wall time
    /// since the first launch attempt × <see cref="LocalCloudOptions.TimeScale"/> (the trace waits for the stack to
    /// come up and ask for replicas).</summary>
    public TimeSpan TraceTime => _replay.TraceTimeAt(_time.GetUtcNow());

    /// <summary>Spot replicas <paramref name="zone"/> can hold now: <see cref="ZoneTrace.Unlimited"/> when available
    /// (or without a trace), 0 when not, a count for a count trace.</summary>
    public int SpotCapacity(LocalZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _replay.CapacityAt(zone, _time.GetUtcNow());
    }

    /// <summary>
    /// Makes every zone run out of <paramref name="gpu"/>, as when a popular GPU type is sold out in a whole cloud:
    /// launches of it (spot and on-demand) fail with <see cref="InsufficientCapacityException"/> (code
    /// <c>LocalGpuUnavailable</c>), and its live replicas get an interruption notice and are killed
    /// <see cref="LocalCloudOptions.NoticePeriod"/> later, as preempted. <see cref="RestoreGpu"/> ends it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="gpu"/> is not a known accelerator.</exception>
    public void WithdrawGpu(string gpu)
    {
        var name = KnownGpu(gpu);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _withdrawn.Add(name);
            foreach (var r in _byId.Values.Where(r => r.IsLive && r.NoticeAt is null && string.Equals(r.Accelerator, name, StringComparison.OrdinalIgnoreCase)))
            {
                r.NoticeAt = now;
                r.KillAt = now + _options.NoticePeriod;
                r.Process?.Note($"interruption notice: {name} withdrawn from the local cloud; killed in {_options.NoticePeriod.TotalSeconds:0.###} s");
            }
        }

        Tick();
    }

    /// <summary>Makes <paramref name="gpu"/> launchable again after <see cref="WithdrawGpu"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="gpu"/> is not a known accelerator.</exception>
    public void RestoreGpu(string gpu)
    {
        var name = KnownGpu(gpu);
        lock (_gate)
        {
            _withdrawn.Remove(name);
        }
    }

    private static string KnownGpu(string gpu) =>
        Accelerators.TryNormalize(gpu, out var name) ? name : throw new ArgumentException($"unknown accelerator '{gpu}'; known: {Accelerators.KnownNamesText}", nameof(gpu));

    /// <summary>The OS process id of an instance's emulator (also after it ended), or null for an unknown id or an
    /// emulator that never started.</summary>
    public int? ProcessId(string instanceId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(instanceId, out var r) ? r.ProcessId : null;
        }
    }

    /// <summary>Where a replica's stdout and stderr go (<see cref="LocalCloudOptions.LogPath"/> under
    /// <see cref="LocalCloudOptions.LogDirectory"/>).</summary>
    public string LogPath(string service, string replicaId) => LocalCloudOptions.LogPath(_options.LogDirectory, service, replicaId);

    /// <inheritdoc/>
    /// <remarks>Starts the emulator and returns at once, <see cref="InstanceState.Pending"/>; the instance turns
    /// <see cref="InstanceState.Running"/>, with its address, when the emulator prints <c>listening on URL</c>
    /// (readiness is the control plane's probe of /health), or <see cref="InstanceState.Terminated"/> when it exits
    /// first or stays silent past <see cref="LocalCloudOptions.StartTimeout"/>. A token seen before returns that
    /// instance as it is now, even Pending, Preempted or Terminated.</remarks>
    public Task<CloudInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyToken, nameof(request));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(Launch(request));
        }
        catch (Exception e) when (e is CloudException or ObjectDisposedException or OperationCanceledException)
        {
            return Task.FromException<CloudInstance>(e);
        }
    }

    private CloudInstance Launch(LaunchRequest request)
    {
        var offering = request.Offering;
        _replay.Start(_time.GetUtcNow());
        var zone = _replay.Find(offering.Location)
            ?? throw new InvalidSpecException(Cloud, $"{offering.Location} is not a local zone (zones: {string.Join(", ", Zones.Select(z => z.Location))})", "InvalidParameterValue");
        if (!Accelerators.TryNormalize(offering.Accelerator, out var gpu))
        {
            throw new InvalidSpecException(Cloud, $"unknown accelerator '{offering.Accelerator}'; known: {Accelerators.KnownNamesText}", "InvalidParameterValue");
        }

        LocalReplica replica;
        CloudInstance launched;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped is not null, this);
            if (_byToken.TryGetValue(request.IdempotencyToken, out var existing))
            {
                return existing.Matches(request)
                    ? existing.ToCloudInstance()
                    : throw new InvalidSpecException(
                        Cloud,
                        $"idempotency token '{request.IdempotencyToken}' was used for {existing.Service}/{existing.ReplicaId} {existing.InstanceType} {existing.Zone.Location} {existing.Market}",
                        "IdempotentParameterMismatch");
            }

            var now = _time.GetUtcNow();
            if (_withdrawn.Contains(gpu))
            {
                throw new InsufficientCapacityException(Cloud, zone.Location, offering.Market, "LocalGpuUnavailable");
            }

            CheckRoom(zone, offering.Market, now);
            var sequence = ++_sequence;
            replica = new LocalReplica
            {
                InstanceId = "local-" + Guid.NewGuid().ToString("N")[..12],
                Sequence = sequence,
                Service = request.Service,
                ReplicaId = request.ReplicaId,
                IdempotencyToken = request.IdempotencyToken,
                Zone = zone,
                Market = offering.Market,
                InstanceType = offering.InstanceType,
                Accelerator = gpu,
                AcceleratorCount = offering.AcceleratorCount,
                LaunchedAt = now,
                LogPath = LogPath(request.Service, request.ReplicaId),
            };
            replica.Process = StartEmulator(replica, request);
            replica.ProcessId = replica.Process.Id;
            _byId.Add(replica.InstanceId, replica);
            _byToken.Add(replica.IdempotencyToken, replica);
            launched = replica.ToCloudInstance();
        }

        _ = WatchAsync(replica);
        return launched;
    }

    /// <inheritdoc/>
    /// <remarks>Terminated instances are kept (for audits) and returned as <see cref="InstanceState.Terminated"/>;
    /// null only for an id this provider never launched.</remarks>
    public Task<CloudInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        lock (_gate)
        {
            return Task.FromResult(_byId.TryGetValue(instanceId, out var r) ? r.ToCloudInstance() : null);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Pending, Running, Stopping and Preempted (not yet terminated) instances, oldest first.</remarks>
    public Task<IReadOnlyList<CloudInstance>> ListAsync(string? service, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<CloudInstance> listed = [.. _byId.Values
                .Where(r => r.State != InstanceState.Terminated && (service is null || string.Equals(r.Service, service, StringComparison.Ordinal)))
                .OrderBy(r => r.Sequence)
                .Select(r => r.ToCloudInstance())];
            return Task.FromResult(listed);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Sends the emulator SIGTERM (it stops accepting and finishes in-flight requests within
    /// <see cref="LocalCloudOptions.EmulatorGraceSeconds"/>), kills it if it is still there 2 s after that, and
    /// returns once it is gone; the instance reports <see cref="InstanceState.Stopping"/> meanwhile, then
    /// <see cref="InstanceState.Terminated"/>. Concurrent and repeated calls share that one stop; cancelling a call
    /// stops only its wait.</remarks>
    public Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        Task stop;
        lock (_gate)
        {
            if (!_byId.TryGetValue(instanceId, out var r))
            {
                return Task.CompletedTask;
            }

            stop = r.Stop ??= BeginStop(r);
        }

        return stop.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>For an entry with no cloud or cloud <c>local</c> (another cloud's gives none): per GPU the entry
    /// accepts (A10G:1 when none), a spot offering in every zone the entry allows, priced at the catalog's spot price
    /// for the zone's priced-as region (scaled by the trace's own price now, with <see cref="LocalCloudOptions.SpotPrices"/>), and one on-demand offering in the zone where on-demand is cheapest (the
    /// catalog's on-demand price, or <see cref="LocalCloudOptions.OnDemandCostRatio"/> × spot). Offerings do not
    /// depend on the trace's current capacity, as a real cloud's do not.</remarks>
    public Task<IReadOnlyList<Offering>> GetOfferingsAsync(ResourceCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var now = _time.GetUtcNow();
        return Task.FromResult(LocalOfferings.For(Zones, _catalog, _options.OnDemandCostRatio, candidate, z => _replay.TracePriceAt(z, now)));
    }

    // Under the lock.
    private void CheckRoom(LocalZone zone, Market market, DateTimeOffset now)
    {
        var live = _byId.Values.Count(r => r.IsLive);
        if (_options.MaxLiveInstances is { } max && live >= max)
        {
            throw new QuotaExceededException(Cloud, $"{live} emulator processes are live (MaxLiveInstances = {max})", "LocalInstanceLimit");
        }

        if (market != Market.Spot)
        {
            return;
        }

        var capacity = _replay.CapacityAt(zone, now);
        if (capacity != ZoneTrace.Unlimited && _byId.Values.Count(r => r.Zone == zone && r.HoldsSpotCapacity) >= capacity)
        {
            throw new InsufficientCapacityException(Cloud, zone.Location, market, capacity == 0 ? "LocalZoneUnavailable" : "LocalZoneFull");
        }
    }

    // Under the lock: a process start is a fork/exec, and holding the lock makes a concurrent launch with the same
    // token wait for this one and return its instance.
    private EmulatorProcess StartEmulator(LocalReplica replica, LaunchRequest request)
    {
        _command ??= EmulatorCommand.Locate()
            ?? throw new InvalidSpecException(Cloud, $"no {EmulatorCommand.ExecutableName} found in {EmulatorCommand.SearchDescription()}; build {EmulatorCommand.ProjectFolder} or set {nameof(LocalCloudOptions)}.{nameof(LocalCloudOptions.EmulatorCommand)}", "EmulatorNotFound");
        var environment = request.Spec.Envs
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        environment[ReplicaTokenVariable] = request.ReplicaToken;
        string[] arguments =
        [
            "--gpu", replica.Accelerator,
            "--port", "0",
            "--host", _options.Host,
            "--model", request.Service,
            "--warmup-seconds", Invariant(_options.EmulatorWarmupSeconds),
            "--grace-seconds", Invariant(_options.EmulatorGraceSeconds),
            "--exit-with-stdin", // stdin is our pipe: if this process dies (even by SIGKILL), the emulator follows
            "--time-scale", Invariant(_options.EmulatorTimeScale),
        ];
        try
        {
            var process = EmulatorProcess.Start(_command, arguments, environment, replica.LogPath);
            process.Note($"instance {replica.InstanceId}: {request.Service}/{request.ReplicaId} {replica.Accelerator}:{replica.AcceleratorCount} {replica.Zone.Location} {replica.Market}");
            return process;
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
        {
            throw new InvalidSpecException(Cloud, $"could not start the emulator `{_command}`: {e.Message}", "EmulatorNotStarted", e);
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
