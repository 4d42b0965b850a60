using System.Globalization;
using SkyHedge.Core.Model;

namespace SkyHedge.Simulation.Traces;

/// <summary>The GCP H100 launch probe (<c>scheduled_at_utc,zone,region,instances_requested,instances_created,...</c>):
/// one row per probe round and zone; the capacity is <c>instances_created</c> (a count, 0..16).</summary>
internal static class ProbeCsvLoader
{
    public static IReadOnlyList<ZoneTrace> Load(string file, double? gapOverride)
    {
        using var reader = new StreamReader(file);
        var header = reader.ReadLine()?.Trim().Split(',');
        int Col(string name)
        {
            var i = header is null ? -1 : Array.IndexOf(header, name);
            return i >= 0 ? i : throw new TraceFormatException($"{file}:1: expected a header with column \"{name}\"");
        }

        var (at, zoneCol, regionCol, created) = (Col("scheduled_at_utc"), Col("zone"), Col("region"), Col("instances_created"));
        var rows = new Dictionary<string, List<(DateTimeOffset At, int Count, string Region)>>(StringComparer.Ordinal);
        var line = 1;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var f = text.Trim().Split(',');
            if (f.Length != header!.Length)
            {
                throw new TraceFormatException($"{file}:{line}: expected {header.Length} columns, got {f.Length}");
            }

            if (!DateTimeOffset.TryParse(f[at], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                throw new TraceFormatException($"{file}:{line}: scheduled_at_utc \"{f[at]}\" is not a timestamp");
            }

            if (!int.TryParse(f[created], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new TraceFormatException($"{file}:{line}: instances_created \"{f[created]}\" is not a non-negative integer");
            }

            if (f[zoneCol].Trim().Length == 0)
            {
                throw new TraceFormatException($"{file}:{line}: zone is empty");
            }

            if (!rows.TryGetValue(f[zoneCol], out var list))
            {
                rows[f[zoneCol]] = list = [];
            }

            list.Add((when, count, f[regionCol]));
        }

        if (rows.Count == 0)
        {
            throw new TraceFormatException($"{file}: no data rows");
        }

        var result = new List<ZoneTrace>();
        foreach (var (zone, list) in rows.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            list.Sort((a, b) => a.At.CompareTo(b.At));
            var gap = gapOverride ?? (list.Count > 1 ? (list[^1].At - list[0].At).TotalSeconds / (list.Count - 1) : 600);
            if (!(gap > 0))
            {
                // Every row at one time: a tick of zero seconds would make the zone's span zero (or divide by it).
                throw new TraceFormatException($"{file}: zone {zone}: all {list.Count} rows have the same scheduled_at_utc, so there is no time step; pass --trace-gap-seconds");
            }

            result.Add(new ZoneTrace(new Location("gcp", list[0].Region, zone), "H100", gap, list.Select(r => r.Count).ToArray(), file));
        }

        return result;
    }
}
