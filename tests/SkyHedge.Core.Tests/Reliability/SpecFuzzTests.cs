using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using SkyHedge.Core.Spec;

namespace SkyHedge.Core.Tests.Reliability;

/// <summary>
/// Bad input to the service spec parser: whatever the text, <see cref="ServiceSpecParser.Parse"/> returns a spec that
/// holds together or throws <see cref="SpecException"/> whose every error names the file, a real line and column, and
/// what was expected; never another exception, never a crashed process, and within a bounded time.
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class SpecFuzzTests
{
    private const string FileName = "fuzz.yaml";

    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(2);

    private static readonly string[] WrongValues =
        ["1e308", "-1", "99999999999999999999", "NaN", "[1, 2]", "{a: 1}", "'quoted'", "\"\\u00e9😀\"", "~", "!!binary AAAA"];

    private static readonly string[] Examples =
        [.. Directory.GetFiles(RepoPaths.File("examples"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    public static TheoryData<string> ExampleNames =>
        [.. Directory.GetFiles(RepoPaths.File("examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Mutated_examples_parse_to_a_sound_spec_or_fail_with_positioned_errors()
    {
        var (parsed, refused) = (0, 0);
        await Within(TimeSpan.FromSeconds(60), () => YamlMutations.Mutated(Examples).Sample(
            yaml => Interlocked.Increment(ref AssertParsesOrFailsSpecifically(yaml) ? ref parsed : ref refused), iter: 10_000));

        // Both outcomes are exercised: some mutations are harmless (a duplicated comment), most are not.
        Assert.True(parsed > 100 && refused > 5000, $"{parsed} parsed, {refused} refused");
    }

    [Fact]
    public async Task Random_values_of_every_type_under_the_known_keys_never_escape_as_other_exceptions() =>
        await Within(TimeSpan.FromSeconds(60), () => YamlMutations.RandomSpec.Sample(yaml => { _ = AssertParsesOrFailsSpecifically(yaml); }, iter: 5000));

    [Fact]
    public async Task Yaml_token_soup_never_escapes_as_another_exception() =>
        await Within(TimeSpan.FromSeconds(60), () => YamlMutations.TokenSoup.Sample(yaml => { _ = AssertParsesOrFailsSpecifically(yaml); }, iter: 10_000));

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void An_unknown_key_is_refused_at_its_own_line_at_every_level(string example)
    {
        var lines = File.ReadAllLines(RepoPaths.File("examples", example));
        var tried = 0;
        foreach (var (at, indent) in KeyLines(lines))
        {
            var mutated = lines.Take(at).Append(new string(' ', indent) + "unknown-zz: 1").Concat(lines.Skip(at));
            var ex = Assert.Throws<SpecException>(() => ServiceSpecParser.Parse(string.Join('\n', mutated), FileName));
            Assert.Contains(ex.Errors, e => e.Line == at + 1 && e.Column == indent + 1 && e.Message.Contains("unknown-zz", StringComparison.Ordinal));
            tried++;
        }

        Assert.True(tried >= 8, $"only {tried} key lines found in {example}");
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Every_value_replaced_by_a_wrong_number_or_type_parses_or_fails_specifically(string example)
    {
        var lines = File.ReadAllLines(RepoPaths.File("examples", example));
        for (var i = 0; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
            foreach (var value in colon < 0 || lines[i].TrimStart().StartsWith('#') ? [] : WrongValues)
            {
                _ = AssertParsesOrFailsSpecifically(string.Join('\n', lines.Select((l, j) => j == i ? l[..(colon + 2)] + value : l)));
            }
        }
    }

    [Fact]
    public async Task A_five_megabyte_spec_parses_and_an_error_at_its_end_names_the_last_line()
    {
        var yaml = new StringBuilder("name: big\nenvs:\n");
        var count = 0;
        while (yaml.Length < 5_000_000)
        {
            yaml.Append("  VAR_").Append(count++).Append(": '").Append('é', 80).Append("'\n");
        }

        await Within(TimeSpan.FromSeconds(20), () =>
        {
            Assert.Equal(count, ServiceSpecParser.Parse(yaml.ToString(), FileName).Envs.Count);
            var ex = Assert.Throws<SpecException>(() => ServiceSpecParser.Parse(yaml + "  not-a-name: x\n", FileName));
            Assert.Equal((count + 3, 3), (Assert.Single(ex.Errors).Line, ex.Errors[0].Column));
            Assert.Contains("environment variable name", ex.Errors[0].Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    [InlineData("&x [", "]")]
    public async Task Ten_thousand_levels_of_nesting_are_refused_without_recursing(string open, string close)
    {
        var nested = string.Concat(Enumerable.Repeat(open, 10_000)) + "x" + string.Concat(Enumerable.Repeat(close, 10_000));
        foreach (var yaml in new[] { $"name: deep\nmix:\n  {nested}", $"name: deep\nservice:\n  readiness_probe:\n    path: /\n    post_data:\n      {nested}", nested })
        {
            var ex = await Within(TimeSpan.FromSeconds(10), () => Assert.Throws<SpecException>(() => ServiceSpecParser.Parse(yaml, FileName)));
            var error = Assert.Single(ex.Errors);
            Assert.Contains("at most 32 levels of nested mappings and lists", error.Message, StringComparison.Ordinal);
            Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
        }
    }

    [Fact]
    public void A_billion_laughs_alias_bomb_is_refused_before_it_expands()
    {
        var lines = new List<string> { "name: bomb", "service:", "  readiness_probe:", "    path: /", "    post_data:", "      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        lines.AddRange(Enumerable.Range(1, 9).Select(i => $"      a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]"));
        foreach (var yaml in new[] { string.Join('\n', lines), string.Join('\n', lines).Replace("service:\n  readiness_probe:\n    path: /\n    post_data:", "mix:", StringComparison.Ordinal) })
        {
            var (allocated, started) = (GC.GetAllocatedBytesForCurrentThread(), Stopwatch.GetTimestamp());
            var ex = Assert.Throws<SpecException>(() => ServiceSpecParser.Parse(yaml, FileName));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 50_000_000, "the bomb was expanded");
            Assert.True(Stopwatch.GetElapsedTime(started) < PerCase);
            var error = Assert.Single(ex.Errors);
            Assert.Matches(@"^aliases expand to more than \d+ nodes at alias '\*a\d'", error.Message);
            Assert.StartsWith($"{FileName}:", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("name: loop\nmix: &a {k: *a}", 2, 13, "refers to the node that contains it")]
    [InlineData("name: loop\nservice:\n  readiness_probe:\n    path: /\n    post_data: &p [1, [*p]]", 5, 24, "refers to the node that contains it")]
    [InlineData("name: loop\nmix: *nowhere", 2, 6, "alias '*nowhere' has no anchor '&nowhere' before it")]
    public void A_self_referencing_or_dangling_alias_is_refused_at_the_alias(string yaml, int line, int column, string expected)
    {
        var error = Assert.Single(Assert.Throws<SpecException>(() => ServiceSpecParser.Parse(yaml, FileName)).Errors);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_shared_by_candidates_and_post_data_the_fuzz_found_odd_still_parse()
    {
        var spec = ServiceSpecParser.Parse(
            """
            name: shared
            resources:
              any_of:
                - &c {cloud: aws, zones: &z [us-east-1a, us-east-1b]}
                - {cloud: aws, zones: *z}
                - *c
            service:
              readiness_probe:
                path: /
                post_data: {a: NaN, b: 1e999, ? [k] : 1, "[ k ]": 2}
            """,
            FileName);
        Assert.Equal(3, spec.Resources.AnyOf.Count);
        Assert.All(spec.Resources.AnyOf, c => Assert.Equal(["us-east-1a", "us-east-1b"], c.Zones));
        using var post = JsonDocument.Parse(spec.Service.ReadinessProbe.PostDataJson!);
        Assert.Equal("NaN", post.RootElement.GetProperty("a").GetString());
        Assert.Equal("1e999", post.RootElement.GetProperty("b").GetString());
        Assert.Equal("bom", ServiceSpecParser.Parse("\uFEFFname: bom", FileName).Name);
    }

    /// <summary>The invariant; returns whether the text parsed.</summary>
    private static bool AssertParsesOrFailsSpecifically(string yaml)
    {
        var started = Stopwatch.GetTimestamp();
        ServiceSpec? spec = null;
        try
        {
            spec = ServiceSpecParser.Parse(yaml, FileName);
        }
        catch (SpecException ex)
        {
            var lastLine = yaml.Split('\n').Length + 1;
            Assert.NotEmpty(ex.Errors);
            foreach (var error in ex.Errors)
            {
                Assert.Equal(FileName, error.File);
                Assert.True(error.Line >= 1 && error.Line <= lastLine && error.Column >= 1, $"position outside the file: {error}");
                Assert.Matches(Specific(), error.Message);
                Assert.Contains(error.ToString(), ex.Message, StringComparison.Ordinal);
            }
        }

        Assert.True(Stopwatch.GetElapsedTime(started) < PerCase, $"parsing took {Stopwatch.GetElapsedTime(started)}");
        if (spec is not null)
        {
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", spec.Name);
            Assert.InRange(spec.Service.ReplicaPolicy.MinReplicas, 0, spec.Service.ReplicaPolicy.MaxReplicas);
            Assert.All(spec.Resources.Ports, p => Assert.InRange(p, 1, 65535));
            Assert.True(spec.Service.ReadinessProbe.Path.StartsWith('/'));
            if (spec.Service.ReadinessProbe.PostDataJson is { } json)
            {
                using var _ = JsonDocument.Parse(json);
            }
        }

        return spec is not null;
    }

    /// <summary>Lines that open a block mapping key (not inside a <c>|</c> block), with the key's indentation.</summary>
    private static IEnumerable<(int Line, int Indent)> KeyLines(string[] lines)
    {
        var blockIndent = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart().Length;
            if (blockIndent >= 0 && (lines[i].Trim().Length == 0 || indent > blockIndent))
            {
                continue;
            }

            blockIndent = lines[i].TrimEnd().EndsWith('|') ? indent : -1;
            var match = KeyLine().Match(lines[i]);
            if (KeyLine().IsMatch(lines[i]))
            {
                yield return (i, indent);
            }
        }
    }

    private static async Task<T> Within<T>(TimeSpan limit, Func<T> work) => await Task.Run(work).WaitAsync(limit);

    private static async Task Within(TimeSpan limit, Action work) => await Task.Run(work).WaitAsync(limit);

    // Keys of list items ("- cloud: aws") are left out: a line inserted above would start a new item.
    [GeneratedRegex("^ *[A-Za-z_]+:( |$)")]
    private static partial Regex KeyLine();

    [GeneratedRegex("expected|unknown|required|requires|needs|not among|invalid YAML|alias")]
    private static partial Regex Specific();
}
