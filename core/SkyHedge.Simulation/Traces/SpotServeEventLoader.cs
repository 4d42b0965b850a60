using System.Text.Json;
using SkyHedge.Core.Model;

namespace SkyHedge.Simulation.Traces;

/// <summary>SpotServe node-event segments: one JSON array per line, <c>[t_ms, "add"|"remove"|"DONE", {"nodes":[...]}]</c>.
/// Read as one pseudo-zone whose capacity is the number of nodes up, sampled every <see cref="DefaultGapSeconds"/>.</summary>
internal static class SpotServeEventLoader
{
    public const double DefaultGapSeconds = 10;

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
                var kind = e[1].GetString();
                end = Math.Max(end, at);
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

        var ticks = Math.Max(1, (int)Math.Ceiling(end / gap));
        var capacity = new int[ticks];
        var c = 0;
        for (var t = 0; t < ticks; t++)
        {
            var now = t * gap;
            foreach (var (at, count) in changes)
            {
                if (at <= now)
                {
                    c = count;
                }
            }

            capacity[t] = c;
        }

        var name = Path.GetFileNameWithoutExtension(file);
        return new ZoneTrace(new Location("spotserve", name, name), "unknown", gap, capacity, file);
    }
}
