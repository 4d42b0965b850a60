using System.Globalization;

namespace SkyHedge.Simulation.Workloads;

/// <summary>
/// Parses <c>--workload</c> values:
/// <list type="bullet">
/// <item><c>poisson:RATE</c> — total requests per second, split over the 3 clients (the paper: 3 × 0.05 = 0.15).</item>
/// <item><c>maf:FILE</c> — the artifact's reading of a per-minute count series: per row n = min(Requests/10000, 90),
/// rps = n/60, then ceil(rps) arrivals spaced 1/rps apart (so a row is not one minute long).</item>
/// <item><c>maf-minutes:FILE</c> — the faithful reading: each row is one minute with n = min(Requests/10000, 90)
/// expected requests arriving as a Poisson process.</item>
/// <item><c>azure-llm:FILE</c> — real arrival timestamps (<c>TIMESTAMP,ContextTokens,GeneratedTokens</c>).</item>
/// </list>
/// </summary>
public static class WorkloadParser
{
    public const int Clients = 3;
    public const double MafScale = 10_000;
    public const double MafCapPerMinute = 90;

    public static Workload Parse(string spec, int seed)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"workload \"{spec}\": expected poisson:RATE, maf:FILE, maf-minutes:FILE or azure-llm:FILE");
        }

        var kind = spec[..colon];
        var arg = spec[(colon + 1)..];
        return kind switch
        {
            "poisson" => Poisson(spec, arg, seed),
            "maf" => Workload.FromGaps(spec, MafArtifact(ReadMaf(arg)), Clients),
            "maf-minutes" => MafMinutes(spec, ReadMaf(arg), seed),
            "azure-llm" => AzureLlm(spec, arg),
            _ => throw new FormatException($"workload \"{spec}\": unknown kind \"{kind}\"; expected poisson, maf, maf-minutes or azure-llm"),
        };
    }

    private static Workload Poisson(string spec, string arg, int seed)
    {
        if (!double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate > 0) || double.IsInfinity(rate))
        {
            throw new FormatException($"workload \"{spec}\": RATE must be a positive number of requests per second");
        }

        // One sequence long enough for a day at any sane rate; it repeats beyond that.
        var perClient = rate / Clients;
        var rng = Engine.Seeds.Random(seed, 0, Engine.Seeds.Arrivals);
        var n = (int)Math.Clamp(perClient * 3 * 86_400, 1_000, 2_000_000);
        var gaps = new double[n];
        for (var i = 0; i < n; i++)
        {
            gaps[i] = -Math.Log(1 - rng.NextDouble()) / perClient;
        }

        return Workload.FromGaps(spec, gaps, Clients);
    }

    internal static double[] MafArtifact(IReadOnlyList<double> perMinute)
    {
        var gaps = new List<double>();
        foreach (var requests in perMinute)
        {
            var n = Math.Min(requests / MafScale, MafCapPerMinute);
            if (n <= 0)
            {
                continue; // the artifact divides by zero here; an empty minute simply adds nothing
            }

            var rps = n / 60;
            var k = (int)Math.Ceiling(rps);
            for (var i = 0; i < k; i++)
            {
                gaps.Add(1 / rps);
            }
        }

        return gaps.ToArray();
    }

    internal static Workload MafMinutes(string spec, IReadOnlyList<double> perMinute, int seed)
    {
        var rng = Engine.Seeds.Random(seed, 0, Engine.Seeds.Arrivals);
        var arrivals = new List<double>();
        for (var m = 0; m < perMinute.Count; m++)
        {
            var rate = Math.Min(perMinute[m] / MafScale, MafCapPerMinute) / 60;
            if (rate <= 0)
            {
                continue;
            }

            for (var t = -Math.Log(1 - rng.NextDouble()) / rate; t < 60; t += -Math.Log(1 - rng.NextDouble()) / rate)
            {
                arrivals.Add((m * 60) + t);
            }
        }

        return arrivals.Count > 0
            ? new Workload(spec, arrivals.ToArray(), perMinute.Count * 60.0, Clients)
            : throw new FormatException($"workload \"{spec}\" has no requests");
    }

    /// <summary>The expected requests in each minute of a MAF per-minute file as <c>maf-minutes</c> reads it:
    /// n = min(Requests/10000, 90).</summary>
    /// <exception cref="FormatException">The file is malformed; the message names the line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<double> MafMinuteMeans(string file) =>
        [.. ReadMaf(file).Select(r => Math.Min(r / MafScale, MafCapPerMinute))];

    internal static IReadOnlyList<double> ReadMaf(string file)
    {
        var rows = new List<double>();
        using var reader = OpenOrThrow(file);
        var header = reader.ReadLine();
        if (header is null || header.Split(',').Length != 2)
        {
            throw new FormatException($"{file}:1: expected a two-column header like \"Time (min),Requests\"");
        }

        var line = 1;
        var (previous, previousText) = (double.NegativeInfinity, string.Empty);
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            // The minute must be a number too, or a file of another kind (timestamps, token counts) would pass as one.
            var f = text.Split(',');
            if (f.Length != 2 || !double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var minute) || !double.IsFinite(minute)
                || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n) || n < 0)
            {
                throw new FormatException($"{file}:{line}: expected \"minute,requests\" with a non-negative request count, got \"{text.Trim()}\"");
            }

            // Minutes count up; when they do not, the columns are likely the other way round.
            if (minute <= previous)
            {
                throw new FormatException($"{file}:{line}: minute {f[0].Trim()} does not follow minute {previousText}; expected \"minute,requests\" rows in time order");
            }

            (previous, previousText) = (minute, f[0].Trim());
            rows.Add(n);
        }

        return rows.Count > 0 ? rows : throw new FormatException($"{file}: no data rows");
    }

    internal static Workload AzureLlm(string spec, string file)
    {
        using var reader = OpenOrThrow(file);
        var header = reader.ReadLine()?.Trim();
        if (header is null || !header.StartsWith("TIMESTAMP", StringComparison.Ordinal))
        {
            throw new FormatException($"{file}:1: expected the header TIMESTAMP,ContextTokens,GeneratedTokens");
        }

        var times = new List<DateTime>();
        var line = 1;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var f = text.Trim().Split(',');
            if (f.Length < 3 || !DateTime.TryParse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out _) || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException($"{file}:{line}: expected \"timestamp,context_tokens,generated_tokens\" with whole token counts, got \"{text.Trim()}\"");
            }

            times.Add(at);
        }

        if (times.Count < 2)
        {
            throw new FormatException($"{file}: needs at least two requests");
        }

        // Rows need not be in time order; all at one instant would replay as a burst every millisecond.
        var start = times.Min();
        if (times.Max() == start)
        {
            throw new FormatException($"{file}: all {times.Count} requests have the same timestamp, so the trace has no rate");
        }

        var arrivals = times.Select(t => (t - start).TotalSeconds + 1e-3).ToList();
        arrivals.Sort();
        // One lap lasts the file's span plus one mean gap, so the replay does not stack two requests at the seam.
        var lap = arrivals[^1] + (arrivals[^1] / arrivals.Count);
        return new Workload(spec, arrivals.ToArray(), lap, Clients);
    }

    private static StreamReader OpenOrThrow(string file) =>
        File.Exists(file) ? new StreamReader(file) : throw new FileNotFoundException($"{file}: no such workload file", file);
}
