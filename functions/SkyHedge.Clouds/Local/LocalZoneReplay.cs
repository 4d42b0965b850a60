using SkyHedge.Core.Model;
using CloudIds = SkyHedge.Core.Model.Clouds;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Clouds.Local;

/// <summary>
/// The local cloud's zones and their spot capacity over time. Without a trace every zone has unlimited capacity.
/// With one, trace time is <c>TraceStart + (now − start) × TimeScale</c>, where start is the first launch attempt (a
/// stack that takes a minute to come up must not skip an hour of trace at 60×), and each zone's capacity is its trace value
/// at tick <c>floor(trace time / gap)</c>, wrapping around at the end of that zone's trace so a long-running local
/// stack keeps seeing preemptions.
/// </summary>
internal sealed class LocalZoneReplay
{
    private readonly Dictionary<string, ZoneTrace> _traces;
    private readonly SpotPriceSeries? _prices;
    private readonly double _timeScale;
    private readonly TimeSpan _traceStart;

    private readonly Lock _gate = new();
    private DateTimeOffset? _startedAt;

    private LocalZoneReplay(IReadOnlyList<LocalZone> zones, Dictionary<string, ZoneTrace> traces, LocalCloudOptions options, SpotPriceSeries? prices = null)
    {
        Zones = zones;
        _traces = traces;
        _prices = prices;
        _timeScale = options.TimeScale;
        _traceStart = options.TraceStart;
    }

    public IReadOnlyList<LocalZone> Zones { get; }

    public bool HasTrace => _traces.Count > 0;

    /// <summary>When the replay started (the first launch attempt), or null before.</summary>
    public DateTimeOffset? StartedAt
    {
        get
        {
            lock (_gate)
            {
                return _startedAt;
            }
        }
    }

    /// <summary>Starts the replay at <paramref name="now"/> unless it is already running.</summary>
    public void Start(DateTimeOffset now)
    {
        lock (_gate)
        {
            _startedAt ??= now;
        }
    }

    /// <summary>Reads the trace (if any) and builds the zones.</summary>
    /// <exception cref="TraceFormatException">The trace cannot be read, or names a zone twice.</exception>
    public static LocalZoneReplay Create(LocalCloudOptions options)
    {
        if (options.PreemptTrace is null)
        {
            return new LocalZoneReplay(options.Zones ?? LocalZone.Defaults, new(StringComparer.OrdinalIgnoreCase), options);
        }

        var traces = TraceLoader.Load(options.PreemptTrace, options.TraceGapSeconds, options.TraceValues);
        var byZone = new Dictionary<string, ZoneTrace>(StringComparer.OrdinalIgnoreCase);
        var zones = new List<LocalZone>();
        foreach (var trace in traces)
        {
            var zone = FromTrace(trace);
            if (!byZone.TryAdd(zone.Zone, trace))
            {
                throw new TraceFormatException(
                    $"{options.PreemptTrace}: zone '{zone.Zone}' appears twice ({byZone[zone.Zone].Source} and {trace.Source}); the local cloud needs one trace per zone");
            }

            zones.Add(zone);
        }

        var prices = options.SpotPrices is { } file ? SpotPriceSeries.Load(file) : null;
        var stranger = prices?.Zones.FirstOrDefault(z => !byZone.ContainsKey(z));
        if (stranger is not null)
        {
            throw new TraceFormatException($"{options.SpotPrices}: zone {stranger} is not a zone of {options.PreemptTrace}");
        }

        return new LocalZoneReplay(zones, byZone, options, prices);
    }

    /// <summary>The zone a location names (cloud <c>local</c>, a known zone in its region), or null.</summary>
    public LocalZone? Find(Location location) =>
        string.Equals(location.Cloud, CloudIds.Local, StringComparison.OrdinalIgnoreCase)
            ? Zones.FirstOrDefault(z => string.Equals(z.Zone, location.Zone, StringComparison.OrdinalIgnoreCase)
                && string.Equals(z.Region, location.Region, StringComparison.OrdinalIgnoreCase))
            : null;

    public TimeSpan TraceTimeAt(DateTimeOffset now) =>
        StartedAt is { } started ? _traceStart + TimeSpan.FromSeconds(Math.Max(0, (now - started).TotalSeconds) * _timeScale) : _traceStart;

    /// <summary>Spot replicas <paramref name="zone"/> can hold at <paramref name="now"/>
    /// (<see cref="ZoneTrace.Unlimited"/> without a trace or on an "available" tick).</summary>
    public int CapacityAt(LocalZone zone, DateTimeOffset now)
    {
        if (!_traces.TryGetValue(zone.Zone, out var trace))
        {
            return ZoneTrace.Unlimited;
        }

        return trace.Capacity[Tick(trace, now)];
    }

    /// <summary>The trace's own spot price for <paramref name="zone"/> at <paramref name="now"/> and the GPU it is
    /// for, or null without prices for the zone.</summary>
    public (decimal Price, string Accelerator)? TracePriceAt(LocalZone zone, DateTimeOffset now) =>
        _prices is not null && _traces.TryGetValue(zone.Zone, out var trace) && _prices.PriceAt(zone.Zone, Tick(trace, now)) is { } price
            ? (price, trace.Accelerator)
            : null;

    // The tick of the zone's trace at now, wrapping around at its end.
    private int Tick(ZoneTrace trace, DateTimeOffset now)
    {
        var tick = (long)Math.Floor((TraceTimeAt(now).TotalSeconds / trace.GapSeconds) + 1e-9);
        return (int)(tick % trace.Capacity.Length);
    }

    /// <summary>A trace zone as a local zone: its region from the zone name (<c>us-east-1a</c> → <c>us-east-1</c>,
    /// <c>us-central1-a</c> → <c>us-central1</c>) or else the trace's; priced as that cloud and region. A trace
    /// of no catalog cloud (SpotServe node events, files without a <c>cloud</c>) is priced as the default zones
    /// are.</summary>
    private static LocalZone FromTrace(ZoneTrace trace)
    {
        var zone = trace.Location.Zone;
        var known = CloudIds.TryNormalize(trace.Location.Cloud, out var cloud) && cloud != CloudIds.Local;
        var region = (known ? CloudIds.RegionOfZone(cloud, zone) : null)
            ?? (trace.Location.Region.Length > 0 ? trace.Location.Region : LocalZone.DefaultRegion);
        return known
            ? new LocalZone(region, zone, cloud, region)
            : new LocalZone(region, zone, LocalZone.DefaultPriceCloud, LocalZone.DefaultPriceRegion);
    }
}
