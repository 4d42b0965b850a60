namespace SkyHedge.Simulation.Traces;

/// <summary>
/// How many replicas of one GPU type can be obtained over time: the sum, over the chosen zones of a capacity trace,
/// of each zone's obtainable count (<c>instances_created</c> of the H100 launch probe; the value of a count trace;
/// 1 for an "available" tick of a 0/1 availability trace). The mixed-GPU simulation caps that type with it.
/// </summary>
public sealed class GpuCapacityTrace
{
    private readonly IReadOnlyList<ZoneTrace> _zones;

    private GpuCapacityTrace(string gpu, IReadOnlyList<ZoneTrace> zones)
    {
        Gpu = gpu;
        _zones = zones;
    }

    /// <summary>The GPU type the cap applies to.</summary>
    public string Gpu { get; }

    /// <summary>The zones summed.</summary>
    public IReadOnlyList<string> Zones => [.. _zones.Select(z => z.Location.Zone)];

    /// <summary>How long the shortest chosen zone's trace lasts; past it each zone keeps its last value.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(_zones.Min(z => z.DurationSeconds));

    /// <summary>Parses <c>GPU=PATH[:zone,zone,...]</c> (all zones of the trace when none are listed) and loads it.</summary>
    /// <exception cref="ArgumentException">The text is malformed or names a zone the trace does not have.</exception>
    /// <exception cref="TraceFormatException">The trace cannot be read.</exception>
    public static GpuCapacityTrace Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == spec.Length - 1)
        {
            throw new ArgumentException($"--capacity-trace: expected GPU=PATH[:zone,zone,...], got '{spec}'");
        }

        var gpu = spec[..equals];
        var rest = spec[(equals + 1)..];

        // The zone list follows the last ':' unless that part looks like a path.
        var colon = rest.LastIndexOf(':');
        var path = rest;
        string[] zones = [];
        if (colon > 0 && rest[(colon + 1)..].IndexOfAny(['/', '\\']) < 0)
        {
            path = rest[..colon];
            zones = rest[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var traces = TraceLoader.Load(path);
        var chosen = zones.Length == 0 ? traces : [.. zones.Select(z => traces.FirstOrDefault(t => string.Equals(t.Location.Zone, z, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"--capacity-trace {gpu}: {path} has no zone '{z}' (zones: {string.Join(", ", traces.Select(t => t.Location.Zone))})"))];
        return new GpuCapacityTrace(gpu, chosen);
    }

    /// <summary>Replicas obtainable <paramref name="elapsed"/> after the trace's start.</summary>
    public int CapAt(TimeSpan elapsed)
    {
        var total = 0L;
        foreach (var zone in _zones)
        {
            var tick = (long)Math.Floor(Math.Max(0, elapsed.TotalSeconds) / zone.GapSeconds + 1e-9);
            var value = zone.Capacity[(int)Math.Min(tick, zone.Capacity.Length - 1)];
            total += value == ZoneTrace.Unlimited ? 1 : value;
        }

        return (int)Math.Min(int.MaxValue, total);
    }
}
