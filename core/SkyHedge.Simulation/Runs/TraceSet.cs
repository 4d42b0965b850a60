using SkyHedge.Simulation.Traces;

namespace SkyHedge.Simulation.Runs;

/// <summary>Several trace folders combined into one zone set. Zones may differ in length and tick: the usable span
/// is the one every zone covers.</summary>
public sealed class TraceSet
{
    public TraceSet(IReadOnlyList<ZoneTrace> zones, string label)
    {
        if (zones.Count == 0)
        {
            throw new ArgumentException("a trace set needs at least one zone", nameof(zones));
        }

        var dup = zones.GroupBy(z => z.Location).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new ArgumentException($"zone {dup.Key} appears twice (in {string.Join(" and ", dup.Select(z => z.Source))})", nameof(zones));
        }

        Zones = zones;
        Label = label;
        SpanSeconds = zones.Min(z => z.DurationSeconds);
    }

    public IReadOnlyList<ZoneTrace> Zones { get; }

    /// <summary>How results name this set, e.g. <c>aws-v100-2month+gcp-a100-6zone</c>.</summary>
    public string Label { get; }

    /// <summary>Seconds that every zone covers.</summary>
    public double SpanSeconds { get; }

    public static TraceSet Load(IReadOnlyList<string> paths, double? gapOverride, TraceValueMeaning? meaning = null)
    {
        var zones = paths.SelectMany(p => TraceLoader.Load(p, gapOverride, meaning)).ToList();
        var label = string.Join("+", paths.Select(p => Path.GetFileName(Path.TrimEndingDirectorySeparator(p))));
        return new TraceSet(zones, label);
    }

    /// <summary>Simulation ticks of <paramref name="tickSeconds"/> inside the span.</summary>
    public long SpanTicks(double tickSeconds) => (long)Math.Floor((SpanSeconds / tickSeconds) + 1e-9);
}
