using System.Text.Json;
using SkyHedge.Core.Model;

namespace SkyHedge.Simulation.Traces;

/// <summary>SpotServe node-event segments: one JSON array per line, <c>[t_ms, "add"|"remove"|"DONE", {"nodes":[...]}]</c>.
/// Read as one pseudo-zone whose capacity is the number of nodes up, sampled every <see cref="DefaultGapSeconds"/>.
/// Event times must be finite, non-negative and in order; a file without any add or remove event is refused rather
/// than read as a zone that never had a node.</summary>
internal static class SpotServeEventLoader
{
    public const double DefaultGapSeconds = 10;

    /// <summary>Most ticks a trace may span (a year of 10 s ticks is about 3.2 million).</summary>
    public const int MaxTicks = 10_000_000;

    public static ZoneTrace Load(string file, double? gapOverride)
    {
        var gap = gapOverride ?? DefaultGapSeconds;
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<(double AtSeconds, int Count)>();
        double end = 0;
        var line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(text);
                var e = doc.RootElement;
                var at = e[0].GetDouble() / 1000.0;
                if (!double.IsFinite(at) || at < end)
                {
                    throw new TraceFormatException($"{file}:{line}: event time {e[0].GetRawText()} ms is not a finite time at or after the previous event's");
                }

                var kind = e[1].GetString();
                end = at;
                if (kind == "DONE")
                {
                    break;
                }

                var list = e[2].GetProperty("nodes").EnumerateArray().Select(n => n.ToString()).ToList();
                if (kind == "add")
                {
                    nodes.UnionWith(list);
                }
                else if (kind == "remove")
                {
                    nodes.ExceptWith(list);
                }
                else
                {
                    throw new TraceFormatException($"{file}:{line}: event kind \"{kind}\", expected add, remove or DONE");
                }

                changes.Add((at, nodes.Count));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
            {
                throw new TraceFormatException($"{file}:{line}: expected [t_ms, \"add\"|\"remove\"|\"DONE\", {{\"nodes\":[...]}}]", ex);
            }
        }

        if (changes.Count == 0)
        {
            throw new TraceFormatException($"{file}: no add or remove events (expected lines [t_ms, \"add\"|\"remove\", {{\"nodes\":[...]}}])");
        }

        if (end / gap > MaxTicks)
        {
            throw new TraceFormatException($"{file}: the events span {end:0} s, more than {MaxTicks} ticks of {gap} s");
        }

        // Times are in order, so one sweep finds the node count at each tick.
        var ticks = Math.Max(1, (int)Math.Ceiling(end / gap));
        var capacity = new int[ticks];
        var (c, next) = (0, 0);
        for (var t = 0; t < ticks; t++)
        {
            for (; next < changes.Count && changes[next].AtSeconds <= t * gap; next++)
            {
                c = changes[next].Count;
            }

            capacity[t] = c;
        }

        var name = Path.GetFileNameWithoutExtension(file);
        return new ZoneTrace(new Location("spotserve", name, name), "unknown", gap, capacity, file);
    }
}
