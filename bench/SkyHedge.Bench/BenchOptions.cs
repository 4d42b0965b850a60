using System.Globalization;

namespace SkyHedge.Bench;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        SkyHedge.Bench: simulator speed benchmark (product SimulationRunner vs. a plain reference implementation).

        usage: SkyHedge.Bench [options]

          --json FILE           also write the results as JSON to FILE
          --quick               smoke run: 2 repeats, 1 timed run each (not a budget measurement)
          --runs N              timed runs of each product scenario; the median is reported (default 10, quick 1)
          --reference-runs N    timed runs of the reference; the median is reported (default 3, quick 1)
          --repeats N           windows per policy (default 10, quick 2)
          --data DIR            the shared data folder (default ../shared/data, i.e. run from the repository root)
          --cli PATH            also time a cold `skyhedge simulate` process on the 15-zone set
                                (PATH = skyhedge.dll, run with `dotnet`, or the skyhedge executable)
          --help                show this text

        Exit codes: 0 ok; 1 reference and product disagree on availability or cost; 2 bad usage or data;
        3 the 15-zone all-policies run missed its 90 s budget (full runs only).
        """;

    public string? JsonFile { get; init; }

    public bool Quick { get; init; }

    public int Runs { get; init; } = 10;

    public int ReferenceRuns { get; init; } = 3;

    public int Repeats { get; init; } = 10;

    public string DataDir { get; init; } = Path.Combine("..", "shared", "data");

    public string? Cli { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        int? runs = null, repeats = null, referenceRuns = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--help" or "-h":
                    o = o with { Help = true };
                    break;
                case "--quick":
                    o = o with { Quick = true };
                    break;
                case "--json":
                    o = o with { JsonFile = Value() };
                    break;
                case "--runs":
                    runs = Positive("--runs", Value());
                    break;
                case "--reference-runs":
                    referenceRuns = Positive("--reference-runs", Value());
                    break;
                case "--repeats":
                    repeats = Positive("--repeats", Value());
                    break;
                case "--data":
                    o = o with { DataDir = Value() };
                    break;
                case "--cli":
                    o = o with { Cli = Value() };
                    break;
                default:
                    throw new FormatException($"unknown option \"{args[i]}\" (see --help)");
            }
        }

        return o with
        {
            Runs = runs ?? (o.Quick ? 1 : 10),
            ReferenceRuns = referenceRuns ?? (o.Quick ? 1 : 3),
            Repeats = repeats ?? (o.Quick ? 2 : 10),
        };
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} must be a positive whole number, got \"{text}\"");
}
