using System.Globalization;
using CsCheck;

namespace SkyHedge.Core.Tests.Reliability;

/// <summary>Generators of broken service specs: the example files with lines deleted, duplicated, swapped,
/// re-indented, truncated or given odd values; random flow YAML under the known keys; and YAML token soup.</summary>
internal static class YamlMutations
{
    /// <summary>Values that are wrong somewhere: out-of-range numbers, wrong types, YAML syntax, odd unicode.</summary>
    internal static readonly Gen<string> OddValue = Gen.OneOf(
        Gen.OneOfConst(
            "1e308", "-1e308", "-1", "0", "99999999999999999999", "2147483648", "NaN", ".nan", "-.inf", "0x1F", "1_000", "-0", "~",
            "''", "\"\"", "[]", "{}", "[1, [2, [3]]]", "{a: {b: c}}", "- a", "yes", "&x v", "*nope", "!!binary x", "!!int nope",
            "|", ">-", "'open", "\"open", "\"\\u0000\"", "\"\\ud800\"", "😀", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ünïcödé", "\u202Eevil", "\u0000", "\uFEFF",
            "? x", ": x", "# c", "%TAG ! x", "@", "`", "\t", "a: b: c", "A100:-1", "A100:99999999999", "aws/us-east-1/x/y"),
        Gen.Long.Select(v => v.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(v => v.ToString("R", CultureInfo.InvariantCulture)),
        Gen.String[0, 40]); // any UTF-16, lone surrogates included

    private static readonly string[] Keys =
    [
        "name", "envs", "setup", "run", "resources", "service", "mix", "accelerators", "any_of", "cloud", "region", "zones", "ports",
        "use_spot", "disk_size", "readiness_probe", "path", "post_data", "headers", "replica_policy", "replicas", "min_replicas",
        "max_replicas", "target_qps_per_replica", "spot_placer", "tpot_slo_ms", "slice_factor", "unknown_key",
    ];

    private static readonly Gen<string> Token = Gen.OneOf(
        Gen.OneOfConst(Keys),
        Gen.OneOfConst(
            ": ", ":", "\n", "\n  ", "\n    ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "'", "\"", "#", "|\n", ">\n",
            "---\n", "...\n", "? ", "!!str ", "!!map ", "\t", " ", "A100:1", "aws", "us-east-1a", "demo", "1", "true"),
        OddValue);

    /// <summary>Concatenated YAML tokens: mostly invalid YAML, sometimes valid YAML of the wrong shape.</summary>
    internal static readonly Gen<string> TokenSoup = Token.Array[0, 80].Select(string.Concat);

    /// <summary>A top-level mapping of known keys (and a stranger) to random flow values, nested a few levels.</summary>
    internal static readonly Gen<string> RandomSpec =
        Gen.Select(Gen.OneOfConst(Keys), FlowValue(3)).Array[1, 8]
            .Select(entries => "name: demo\n" + string.Concat(entries.Select(e => $"{e.Item1}: {e.Item2}\n")));

    /// <summary>An example with one to four mutations.</summary>
    internal static Gen<string> Mutated(IReadOnlyList<string> files) =>
        from file in Gen.Int[0, files.Count - 1]
        from ops in Gen.Select(Gen.Int[0, 8], Gen.Int[0, 10_000], Gen.Int[0, 10_000], OddValue).Array[1, 4]
        select Apply(files[file], ops);

    private static Gen<string> FlowValue(int depth)
    {
        var scalar = Gen.OneOf(OddValue.Select(v => v.Contains('\n', StringComparison.Ordinal) ? "x" : v), Gen.OneOfConst("1", "2.5", "A10G:1", "/health", "aws"));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = FlowValue(depth - 1);
        return Gen.Frequency(
            (3, scalar),
            (1, inner.Array[0, 4].Select(items => $"[{string.Join(", ", items)}]")),
            (1, Gen.Select(Gen.OneOfConst(Keys), inner).Array[0, 4].Select(kv => "{" + string.Join(", ", kv.Select(p => $"{p.Item1}: {p.Item2}")) + "}")));
    }

    private static string Apply(string text, (int Kind, int A, int B, string Value)[] ops)
    {
        var lines = text.Split('\n').ToList();
        foreach (var (kind, a, b, value) in ops)
        {
            if (lines.Count == 0)
            {
                lines.Add(value);
                continue;
            }

            var i = a % lines.Count;
            var line = lines[i];
            var indent = new string(' ', line.Length - line.TrimStart(' ').Length);
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            switch (kind)
            {
                case 0:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(i, line);
                    break;
                case 2:
                    (lines[i], lines[b % lines.Count]) = (lines[b % lines.Count], line);
                    break;
                case 3:
                    lines[i] = colon >= 0 ? $"{line[..(colon + 1)]} {value}" : $"{indent}- {value}";
                    break;
                case 4:
                    lines.Insert(i, $"{indent}unknown_key: {value}");
                    break;
                case 5:
                    // A list where a scalar goes.
                    lines[i] = colon >= 0 ? line[..(colon + 1)] : line;
                    lines.Insert(i + 1, $"{indent}  - {value}");
                    break;
                case 6:
                    lines[i] = line.Insert(b % (line.Length + 1), value);
                    break;
                case 7:
                    lines.RemoveRange(i, lines.Count - i);
                    lines.Add(line[..(b % (line.Length + 1))]);
                    break;
                default:
                    lines[i] = new string(' ', b % 5) + line.TrimStart(' ');
                    break;
            }
        }

        return string.Join('\n', lines);
    }
}
