using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using SkyHedge.Simulation.Traces;
using SkyHedge.Simulation.Workloads;

namespace SkyHedge.Simulation.Tests.Reliability;

/// <summary>
/// Bad trace and workload files, as <c>skyhedge simulate</c> reads them: empty, truncated at any byte, with lines
/// lost or repeated, cells replaced by negative, non-numeric, NaN or enormous values, columns swapped, invalid UTF-8,
/// or a file of another kind. Each either loads as a usable, non-empty trace or workload, or fails with the loader's
/// own error naming the file (and the line, where it names one); never an exception from deep inside, never a
/// trace that is silently empty.
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class TraceFuzzTests : IDisposable
{
    private static readonly string[] OddValues = ["-1", "NaN", "1e400", "", "abc", "99999999999999999999", "1.5", "-0", "Infinity", "null", "\"x\"", "0", "2"];

    // (loader, extension, excerpt): real files from ../shared/data and the repository, cut to keep cases fast.
    private static readonly (string Loader, string Extension, string Text)[] Sources =
    [
        ("trace", ".json", File.ReadAllText(Path.Combine(SharedData.RepoRoot, "data", "spot", "aws-v100-excerpt", "us-east-1a.json"))),
        ("trace", ".json", File.ReadAllText(SharedData.Path("spot", "gcp-a100-6zone", "us-east1-b.json"))),
        ("trace", ".csv", Head(SharedData.Path("capacity", "gcp-h100-spot-probe-first24h.csv"), 60)),
        ("trace", ".txt", File.ReadAllText(SharedData.Path("spot", "spotserve-events", "trace_0304_real.txt"))),
        ("maf", ".csv", Head(SharedData.Maf, 120)),
        ("maf-minutes", ".csv", Head(SharedData.Maf, 120)),
        ("azure-llm", ".csv", Head(SharedData.Path("requests", "azure-llm-2023-code-first30min.csv"), 120)),
    ];

    private readonly SharedData.TempDir _tmp = SharedData.Temp();
    private int _files;

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Truncated_and_mutated_real_files_load_sanely_or_fail_naming_the_file()
    {
        var (loaded, refused) = (0, 0);
        var cases =
            from source in Gen.Int[0, Sources.Length - 1]
            from ops in Gen.Select(Gen.Int[0, 7], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], Gen.OneOfConst(OddValues)).Array[1, 3]
            select (source, ops);
        cases.Sample(
            (source, ops) =>
            {
                var (loader, extension, text) = Sources[source];
                var path = Write(Mutate(text, ops), extension);
                Interlocked.Increment(ref LoadsSanelyOrFailsSpecifically(loader, path) ? ref loaded : ref refused);
                File.Delete(path);
            },
            iter: 5000);
        Assert.True(loaded > 200 && refused > 2000, $"{loaded} loaded, {refused} refused");
    }

    [Theory]
    [InlineData("trace", ".json", "", "not valid JSON")]
    [InlineData("trace", ".json", "{\"metadata\": {\"gap_seconds\": 60, \"value_meaning\": \"count\"}, \"data\": []}", "\"data\" is empty")]
    [InlineData("trace", ".csv", "", ":1: expected a header with column \"scheduled_at_utc\"")]
    [InlineData("trace", ".csv", "scheduled_at_utc,zone,region,instances_requested,instances_created\n", "no data rows")]
    [InlineData("trace", ".txt", "", "no add or remove events")]
    [InlineData("trace", ".txt", "\n  \n", "no add or remove events")]
    [InlineData("trace", ".txt", "[5000, \"DONE\", {\"nodes\": []}]\n", "no add or remove events")]
    [InlineData("maf", ".csv", "", ":1: expected a two-column header")]
    [InlineData("maf", ".csv", "Time (min),Requests\n", "no data rows")]
    [InlineData("maf", ".csv", "Time (min),Requests\n0,0\n1,0\n", "has no arrivals")]
    [InlineData("maf-minutes", ".csv", "Time (min),Requests\n0,0\n", "has no requests")]
    [InlineData("azure-llm", ".csv", "", ":1: expected the header TIMESTAMP")]
    [InlineData("azure-llm", ".csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n", "needs at least two requests")]
    public void Empty_and_header_only_files_are_refused_not_read_as_an_empty_trace(string loader, string extension, string content, string expected) =>
        Assert.Contains(expected, Refused(loader, Write(content, extension)), StringComparison.Ordinal);

    [Theory]
    [InlineData("trace", ".json", "{\"metadata\": {\"gap_seconds\": 60, \"value_meaning\": \"count\"}, \"data\": [1, -1]}", "data[1] is -1, expected a non-negative integer")]
    [InlineData("trace", ".json", "{\"metadata\": {\"gap_seconds\": 60, \"value_meaning\": \"1 = available\"}, \"data\": [0, 1, 3]}", "data[2] is 3, but the trace is 0/1 availability")]
    [InlineData("trace", ".json", "{\"metadata\": {\"gap_seconds\": 1e400, \"value_meaning\": \"count\"}, \"data\": [1]}", "gap_seconds (a positive, finite number)")]
    [InlineData("trace", ".json", "{\"metadata\": {\"gap_seconds\": 60, \"value_meaning\": \"count\"}, \"data\": [1, 1e400]}", "data[1] is 1e400")]
    [InlineData("trace", ".csv", "scheduled_at_utc,zone,region,instances_created\n2025-10-04T00:10:00Z,a-1,a,-3\n", ":2: instances_created \"-3\"")]
    [InlineData("trace", ".csv", "scheduled_at_utc,zone,region,instances_created\n2025-10-04T00:10:00Z,a-1,a,NaN\n", ":2: instances_created \"NaN\"")]
    [InlineData("trace", ".csv", "scheduled_at_utc,zone,region,instances_created\n2025-10-04T00:10:00Z,,a,1\n", ":2: zone is empty")]
    [InlineData("trace", ".csv", "scheduled_at_utc,zone,region,instances_created\nT,a-1,a,1\n", ":2: scheduled_at_utc \"T\" is not a timestamp")]
    [InlineData("trace", ".csv", "scheduled_at_utc,zone,region,instances_created\n2025-10-04T00:10:00Z,a-1,a,1\n2025-10-04T00:10:00Z,a-1,a,2\n", "no time step")]
    [InlineData("trace", ".txt", "[0, \"add\", {\"nodes\": [\"a\"]}]\n[1e400, \"add\", {\"nodes\": [\"b\"]}]\n", ":2: event time 1e400 ms")]
    [InlineData("trace", ".txt", "[9000, \"add\", {\"nodes\": [\"a\"]}]\n[3000, \"remove\", {\"nodes\": [\"a\"]}]\n", ":2: event time 3000 ms")]
    [InlineData("trace", ".txt", "[-5, \"add\", {\"nodes\": [\"a\"]}]\n", ":1: event time -5 ms")]
    [InlineData("trace", ".txt", "[0, \"add\", {\"nodes\": [\"a\"]}]\n[1e15, \"DONE\", {\"nodes\": []}]\n", "more than 10000000 ticks")]
    [InlineData("trace", ".txt", "[0, \"add\", {\"nodes\": [\"a\"]}]\n[\"1000\", \"add\", {}]\n", ":2: expected [t_ms")]
    [InlineData("maf", ".csv", "Time (min),Requests\n0,5\n1,NaN\n", ":3: expected \"minute,requests\"")]
    [InlineData("maf", ".csv", "Time (min),Requests\n0,5\n1,-2\n", ":3: expected \"minute,requests\"")]
    [InlineData("maf", ".csv", "Requests,Time (min)\n5,x\n", ":2: expected \"minute,requests\"")]
    [InlineData("maf", ".csv", "Requests,Time (min)\n4033,0\n1980,1\n", ":3: minute 1980 does not follow minute 4033")]
    [InlineData("azure-llm", ".csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,10,5\n2023-11-16 18:17:04,ten,5\n", ":3: expected \"timestamp,context_tokens,generated_tokens\"")]
    [InlineData("azure-llm", ".csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,10,5\n2023-11-16 18:17:03,12,-1\n", ":3: expected")]
    [InlineData("azure-llm", ".csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,10,5\n2023-11-16 18:17:03,12,7\n", "same timestamp")]
    public void Wrong_numbers_and_cells_are_refused_with_the_file_and_line(string loader, string extension, string content, string expected) =>
        Assert.Contains(expected, Refused(loader, Write(content, extension)), StringComparison.Ordinal);

    [Theory]
    [InlineData("trace", "requests/azure-llm-2023-code-first30min.csv", ".csv", "expected a header with column \"scheduled_at_utc\"")]
    [InlineData("trace", "workloads/maf-minutes-first-half.csv", ".csv", "expected a header with column \"scheduled_at_utc\"")]
    [InlineData("trace", "workloads/maf-minutes-first-half.csv", ".txt", ":1: expected [t_ms")]
    [InlineData("trace", "spot/spotserve-events/trace_0304_real.txt", ".json", "not valid JSON")]
    [InlineData("trace", "spot/gcp-a100-6zone/us-east1-b.json", ".txt", ":1: expected [t_ms")]
    [InlineData("maf", "requests/azure-llm-2023-code-first30min.csv", ".csv", ":1: expected a two-column header")]
    [InlineData("maf", "requests/sharegpt-lengths-first-half.csv", ".csv", ":1: expected a two-column header")]
    [InlineData("maf", "capacity/gcp-h100-spot-probe-first24h.csv", ".csv", ":1: expected a two-column header")]
    [InlineData("maf", "spot/gcp-a100-6zone/us-east1-b.json", ".csv", ":1: expected a two-column header")]
    [InlineData("azure-llm", "workloads/maf-minutes-first-half.csv", ".csv", ":1: expected the header TIMESTAMP")]
    [InlineData("azure-llm", "workloads/azure-functions-2021-sample.csv", ".csv", ":1: expected the header TIMESTAMP")]
    public void A_file_of_another_kind_is_refused_for_what_it_is_not(string loader, string source, string extension, string expected) =>
        Assert.Contains(expected, Refused(loader, Write(Head(SharedData.Path(source.Split('/')), 40), extension)), StringComparison.Ordinal);

    [Fact]
    public void Invalid_utf8_inside_a_json_string_is_refused_naming_the_file()
    {
        byte[] json = [.. "{\"metadata\": {\"gap_seconds\": 60, \"value_meaning\": \"count\", \"zone\": \"us-"u8, 0xFF, 0xC3, .. "\"}, \"data\": [1]}"u8];
        Assert.Contains("not valid UTF-8 text", Refused("trace", Write(json, ".json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_in_another_order_are_read_by_name_and_the_excerpt_still_loads_whole()
    {
        var lines = Head(SharedData.Path("capacity", "gcp-h100-spot-probe-first24h.csv"), 60).TrimEnd('\n').Split('\n');
        var swapped = lines.Select(l => l.Split(',')).Select(f => string.Join(',', f.Reverse()));
        var straight = TraceLoader.Load(Write(string.Join('\n', lines), ".csv"));
        var reversed = TraceLoader.Load(Write(string.Join('\n', swapped), ".csv"));
        Assert.Equal(straight.Select(z => (z.Location, z.GapSeconds, string.Join(',', z.Capacity))), reversed.Select(z => (z.Location, z.GapSeconds, string.Join(',', z.Capacity))));
        Assert.True(straight.Count > 1);
    }

    /// <summary>The invariant; true when the file loaded.</summary>
    private static bool LoadsSanelyOrFailsSpecifically(string loader, string path)
    {
        var started = Stopwatch.GetTimestamp();
        var error = TryLoad(loader, path);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2), $"loading took {Stopwatch.GetElapsedTime(started)}");
        if (error is not null)
        {
            AssertNamesFileAndLine(error.Message, path);
        }

        return error is null;
    }

    /// <summary>Loads and checks the result is usable (null), or returns the loader's own error; any other exception
    /// escapes and fails the test.</summary>
    private static Exception? TryLoad(string loader, string path)
    {
        try
        {
            if (loader == "trace")
            {
                var zones = TraceLoader.Load(path);
                Assert.NotEmpty(zones);
                Assert.All(zones, z => Assert.True(
                    z.Capacity.Length > 0 && double.IsFinite(z.GapSeconds) && z.GapSeconds > 0 && z.Capacity.All(c => c >= 0) && z.Source == path,
                    $"{z.Location}: {z.Capacity.Length} ticks of {z.GapSeconds} s"));
            }
            else
            {
                var workload = WorkloadParser.Parse($"{loader}:{path}", 7);
                var arrivals = workload.ArrivalsUntil(600);
                Assert.True(workload.Length > 0, "a workload without requests");
                Assert.True(arrivals.Length < 1_000_000 && arrivals.All(a => double.IsFinite(a) && a >= 0), $"{arrivals.Length} arrivals in 10 minutes");
            }

            return null;
        }
        catch (Exception ex) when (ex is TraceFormatException || (loader != "trace" && ex is FormatException or ArgumentException))
        {
            return ex;
        }
    }

    private static string Refused(string loader, string path)
    {
        var error = TryLoad(loader, path);
        Assert.True(error is not null, $"{path} loaded");
        AssertNamesFileAndLine(error.Message, path);
        return error.Message;
    }

    private static void AssertNamesFileAndLine(string message, string path)
    {
        Assert.Contains(path, message, StringComparison.Ordinal);
        if (LineRef().Match(message[(message.IndexOf(path, StringComparison.Ordinal) + path.Length)..]) is { Success: true } line)
        {
            var lines = File.ReadAllText(path).Split('\n').Length;
            Assert.InRange(int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), 1, lines + 1);
        }
    }

    private string Write(string content, string extension) => Write(Encoding.UTF8.GetBytes(content), extension);

    private string Write(byte[] content, string extension)
    {
        var path = Path.Combine(_tmp.Dir, $"case-{Interlocked.Increment(ref _files)}{extension}");
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string Head(string file, int lines) => string.Concat(File.ReadLines(file).Take(lines).Select(l => l + "\n"));

    private static byte[] Mutate(string text, (int Kind, int A, int B, string Value)[] ops)
    {
        var lines = text.Split('\n').ToList();
        int? garbageAt = null;
        foreach (var (kind, a, b, value) in ops)
        {
            var i = a % lines.Count;
            var cells = lines[i].Split(',');
            switch (kind)
            {
                case 0:
                    var whole = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                    return whole[..(a % (whole.Length + 1))]; // truncated at any byte: nothing may follow
                case 1 when lines.Count > 1:
                    lines.RemoveAt(i);
                    break;
                case 2:
                    lines.Insert(i, lines[i]);
                    break;
                case 3:
                    (lines[i], lines[b % lines.Count]) = (lines[b % lines.Count], lines[i]);
                    break;
                case 4:
                    cells[b % cells.Length] = value; // a cell (or, in JSON, a stretch between commas)
                    lines[i] = string.Join(',', cells);
                    break;
                case 5:
                    var (x, y) = (a % 6, b % 6); // the same two columns swapped in every line
                    lines = [.. lines.Select(l => l.Split(',')).Select(f => x < f.Length && y < f.Length ? string.Join(',', f.Select((c, k) => k == x ? f[y] : k == y ? f[x] : c)) : string.Join(',', f))];
                    break;
                case 6:
                    lines = [lines[0]]; // header only
                    break;
                default:
                    lines[i] = lines[i].Insert(b % (lines[i].Length + 1), "\uFFFD\u0000");
                    garbageAt = a;
                    break;
            }
        }

        var result = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        var at = garbageAt % (result.Length + 1) ?? result.Length;
        return garbageAt is null ? result : [.. result[..at], 0xFF, 0xC3, 0x28, .. result[at..]];
    }

    [GeneratedRegex(@"^:(\d+):")]
    private static partial Regex LineRef();
}
