using System.Globalization;
using System.Text.Json;
using SkyHedge.Core.Model;

namespace SkyHedge.Simulation.Traces;

/// <summary>
/// Reads every spot-trace format in the shared data set: per-zone JSON (<c>{"metadata":{...},"data":[...]}</c>),
/// the GCP H100 launch-probe CSV, and SpotServe node-event segments. The value meaning is always explicit: from
/// the file's <c>value_meaning</c> metadata, from the format, or from the caller's override.
/// </summary>
public static class TraceLoader
{
    /// <summary>Loads a trace folder (every <c>*.json</c>, <c>*.csv</c> and <c>*.txt</c> in it, by file name) or one
    /// trace file.</summary>
    /// <param name="gapOverride">Seconds per trace tick, replacing the files' own (e.g. 300 to read the AWS
    /// 2-month trace as the SpotHedge paper did).</param>
    /// <param name="meaningOverride">Value meaning for JSON files that do not state it (or to overrule them).</param>
    public static IReadOnlyList<ZoneTrace> Load(string path, double? gapOverride = null, TraceValueMeaning? meaningOverride = null)
    {
        if (gapOverride is { } g && !(g > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gapOverride), "trace gap seconds must be positive");
        }

        if (Directory.Exists(path))
        {
            // A folder of per-zone JSON files is read alone (licence and notice files may sit beside them);
            // a folder without JSON holds probe CSVs or SpotServe event files.
            var candidates = Directory.EnumerateFiles(path)
                .Where(f => !IsDocumentation(Path.GetFileName(f)))
                .Order(StringComparer.Ordinal)
                .ToList();
            var files = candidates.Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
            if (files.Count == 0)
            {
                files = candidates.Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                    || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)).ToList();
            }

            if (files.Count == 0)
            {
                throw new TraceFormatException($"{path}: no trace files (*.json, *.csv, *.txt) in this folder");
            }

            return files.SelectMany(f => LoadFile(f, gapOverride, meaningOverride)).ToList();
        }

        if (File.Exists(path))
        {
            return LoadFile(path, gapOverride, meaningOverride);
        }

        throw new TraceFormatException($"{path}: no such trace file or folder");
    }

    private static bool IsDocumentation(string name) =>
        name.StartsWith("LICENSE", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("NOTICE", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("README", StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<ZoneTrace> LoadFile(string file, double? gapOverride, TraceValueMeaning? meaningOverride)
    {
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return [LoadJson(file, gapOverride, meaningOverride)];
        }

        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ProbeCsvLoader.Load(file, gapOverride);
        }

        return [SpotServeEventLoader.Load(file, gapOverride)];
    }

    internal static ZoneTrace LoadJson(string file, double? gapOverride, TraceValueMeaning? meaningOverride)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new TraceFormatException($"{file}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (doc)
        {
            try
            {
                return ReadJson(file, doc.RootElement, gapOverride, meaningOverride);
            }
            catch (InvalidOperationException e)
            {
                // JSON parsing checks structure only; reading a string with invalid UTF-8 (a binary or Latin-1 file) throws.
                throw new TraceFormatException($"{file}: a string in the file is not valid UTF-8 text ({e.Message})", e);
            }
        }
    }

    private static ZoneTrace ReadJson(string file, JsonElement root, double? gapOverride, TraceValueMeaning? meaningOverride)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new TraceFormatException($"{file}: expected an object with a \"data\" array of integers");
        }

        var meta = root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var gap = gapOverride ?? ReadGap(file, meta);
        var meaning = meaningOverride ?? ReadMeaning(file, meta);
        var values = new int[data.GetArrayLength()];
        var i = 0;
        foreach (var v in data.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < 0)
            {
                throw new TraceFormatException($"{file}: data[{i}] is {v.GetRawText()}, expected a non-negative integer");
            }

            values[i++] = Decode(file, i - 1, n, meaning);
        }

        if (values.Length == 0)
        {
            throw new TraceFormatException($"{file}: \"data\" is empty");
        }

        var name = Path.GetFileNameWithoutExtension(file);
        var zone = Text(meta, "zone") ?? name;
        var region = Text(meta, "region") ?? GuessRegion(zone);
        var cloud = Text(meta, "cloud") ?? "unknown";
        var accel = Text(meta, "accelerator") ?? "unknown";
        return new ZoneTrace(new Location(cloud, region, zone), accel, gap, values, file);
    }

    internal static int Decode(string file, int index, int value, TraceValueMeaning meaning) => meaning switch
    {
        TraceValueMeaning.Count => value,
        TraceValueMeaning.Availability => value switch
        {
            0 => 0,
            1 => ZoneTrace.Unlimited,
            _ => throw new TraceFormatException($"{file}: data[{index}] is {value}, but the trace is 0/1 availability"),
        },
        _ => value switch
        {
            0 => ZoneTrace.Unlimited,
            1 => 0,
            _ => throw new TraceFormatException($"{file}: data[{index}] is {value}, but the trace is inverted 0/1 availability"),
        },
    };

    private static double ReadGap(string file, JsonElement meta)
    {
        // 1e400 reads as infinity: a tick that never ends would make every zone's span infinite.
        if (meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("gap_seconds", out var g)
            && g.ValueKind == JsonValueKind.Number && g.TryGetDouble(out var gap) && double.IsFinite(gap) && gap > 0)
        {
            return gap;
        }

        throw new TraceFormatException($"{file}: metadata.gap_seconds (a positive, finite number) is missing or invalid; pass --trace-gap-seconds");
    }

    /// <summary>Reads <c>metadata.value_meaning</c>: "count ..." is a capacity; "1 = ... available/launched ..."
    /// is availability; "1 = preempted/unavailable ..." is the inverted convention.</summary>
    internal static TraceValueMeaning ReadMeaning(string file, JsonElement meta)
    {
        var text = Text(meta, "value_meaning")?.Trim().ToLowerInvariant();
        if (text is null)
        {
            throw new TraceFormatException(
                $"{file}: metadata.value_meaning is missing, so it is unknown whether values are 0/1 availability or counts; pass --trace-values availability|inverted|count");
        }

        if (text.StartsWith("count", StringComparison.Ordinal))
        {
            return TraceValueMeaning.Count;
        }

        if (text.StartsWith("1 =", StringComparison.Ordinal) || text.StartsWith("1=", StringComparison.Ordinal))
        {
            var first = text.Split(',')[0];
            if (first.Contains("preempt", StringComparison.Ordinal) || first.Contains("unavailable", StringComparison.Ordinal)
                || first.Contains("not available", StringComparison.Ordinal))
            {
                return TraceValueMeaning.InvertedAvailability;
            }

            return TraceValueMeaning.Availability;
        }

        throw new TraceFormatException(
            $"{file}: metadata.value_meaning \"{text}\" is not understood (expected \"count ...\" or \"1 = available ...\"); pass --trace-values availability|inverted|count");
    }

    private static string? Text(JsonElement meta, string key) =>
        meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    // "us-east-1a" -> "us-east-1"; "us-central1-a" -> "us-central1".
    internal static string GuessRegion(string zone)
    {
        if (zone.Length > 2 && zone[^2] == '-')
        {
            return zone[..^2];
        }

        return zone.Length > 1 && char.IsLetter(zone[^1]) && char.IsDigit(zone[^2]) ? zone[..^1] : zone;
    }

    internal static string Invariant(double d) => d.ToString(CultureInfo.InvariantCulture);
}
