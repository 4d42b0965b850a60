using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Reliability;

/// <summary>Generators of bad admin API bodies: mutated specs (YAML and JSON), JSON objects with wrong types, unknown
/// fields, huge strings and deep nesting, text broken by truncation, invalid UTF-8 (decoded as a host decodes it) and
/// lone surrogates.</summary>
internal static class AdminBodies
{
    /// <summary>JSON values that are wrong somewhere, a few that are right, and random ones.</summary>
    internal static readonly Gen<string> OddJson = Gen.OneOf(
        Gen.OneOfConst(
            "null", "true", "0", "-1", "1.5", "1e400", "-1e400", "99999999999999999999", "\"\"", "[]", "{}", "[[[[1]]]]", "{\"a\": {\"b\": {}}}",
            "\"\\ud800\"", "\"x\\udc00\"", "\"😀\"", "\"\\u0000\"", "\"é\"", "NaN", "\"" + new string('x', 100_000) + "\"",
            new string('[', 100) + new string(']', 100), "[0, 256]", "[256, null]", "[-5, 3]", "[\"a\", 1]", "[1, 1e400]", "[2147483648, null]",
            "\"A10G\"", "\"a100\"", "\"admin\"", "\"inference\"", "\"demo\"", "\"r-1\"", "\"preemption\"", "\"eventbridge\""),
        Gen.Long.Select(v => v.ToString(CultureInfo.InvariantCulture)),
        Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(s => JsonSerializer.Serialize(s)));

    internal static readonly Gen<string> ContentType = Gen.OneOfConst(
        "application/yaml", "application/json", "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/problem+json",
        "application/json; charset=utf-16", "text/yaml; charset=latin1", "é/é", ";;", string.Empty);

    private static readonly string[] OddYaml =
    [
        "1e308", "-1", "99999999999999999999", "NaN", "[1, [2]]", "{a: {b: c}}", "'open", "😀", "\"\\ud800\"", "~", "&a x", "*nope", "|", "a: b: c",
    ];

    private static readonly string[] Examples =
        [.. Directory.GetFiles(RepoRoot.Combine("examples"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    /// <summary>A valid JSON object (<paramref name="valid"/>: field, JSON value) with up to three edits — a field
    /// dropped, given an odd value, repeated, or a stranger added — sometimes broken as text.</summary>
    internal static Gen<string> JsonObject(params (string Field, string Value)[] valid) =>
        from edits in Gen.Select(Gen.Int[0, 3], Gen.Int[0, valid.Length - 1], OddJson).Array[0, 3]
        from damage in Gen.Int[0, 12]
        from at in Gen.Int[0, 1000]
        select Break(Edit(valid, edits), damage, at);

    /// <summary>Routing tables: valid rules with edits, sometimes not a list, sometimes broken as text.</summary>
    internal static readonly Gen<string> RoutingBody =
        from rules in Gen.OneOf(
            JsonObject(("input", "[0, 256]"), ("output", "[0, null]"), ("pool", "\"A10G\"")),
            JsonObject(("input", "[256, null]"), ("pool", "\"a100-80gb\""))).Array[0, 4]
        from shape in Gen.Int[0, 9]
        from damage in Gen.Int[0, 12]
        from at in Gen.Int[0, 1000]
        select Break(shape == 0 ? rules.FirstOrDefault() ?? "{}" : $"[{string.Join(", ", rules)}]", damage, at);

    /// <summary>The example specs renamed to <paramref name="name"/> (or kept), with one to three line mutations.</summary>
    internal static Gen<string> MutatedSpec(string? name = null) =>
        from file in Gen.Int[0, Examples.Length - 1]
        from ops in Gen.Select(Gen.Int[0, 5], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.OneOfConst(OddYaml)).Array[1, 3]
        select Mutate(name is null ? Examples[file] : Regex.Replace(Examples[file], "(?m)^name: .*$", $"name: {name}"), ops);

    /// <summary>JSON specs with odd values where strings, numbers and mappings go.</summary>
    internal static readonly Gen<string> JsonSpec =
        from name in Gen.OneOf(Gen.Const("\"json-demo\""), OddJson)
        from accelerators in Gen.OneOf(Gen.Const("\"A10G:1\""), OddJson)
        from replicas in Gen.OneOf(Gen.Const("2"), OddJson)
        from extra in Gen.OneOf(Gen.Const(string.Empty), OddJson.Select(v => $", \"extra\": {v}"))
        from damage in Gen.Int[0, 12]
        from at in Gen.Int[0, 1000]
        select Break($"{{\"name\": {name}, \"resources\": {{\"accelerators\": {accelerators}}}, \"service\": {{\"replicas\": {replicas}}}{extra}}}", damage, at);

    /// <summary>Damages text 1 time in 3: truncation, garbage, invalid UTF-8 as a host decodes it, a lone surrogate.</summary>
    private static string Break(string text, int damage, int at)
    {
        var i = at % (text.Length + 1);
        return damage switch
        {
            0 => text[..i],
            1 => text.Insert(i, "}{,\"\\"),
            2 => text.Insert(i, Encoding.UTF8.GetString([0xC3, 0x28, 0xFF, 0xE2, 0x82])),
            3 => text.Insert(i, "\ud800"),
            _ => text,
        };
    }

    private static string Edit((string Field, string Value)[] valid, (int Kind, int Index, string Value)[] edits)
    {
        var fields = valid.ToList();
        foreach (var (kind, index, value) in edits)
        {
            var i = index % Math.Max(fields.Count, 1);
            switch (kind)
            {
                case 0 when fields.Count > 0:
                    fields.RemoveAt(i);
                    break;
                case 1 when fields.Count > 0:
                    fields[i] = (fields[i].Field, value);
                    break;
                case 2 when fields.Count > 0:
                    fields.Add((fields[i].Field, value));
                    break;
                default:
                    fields.Add((kind == 3 ? "extra" : string.Empty, value));
                    break;
            }
        }

        return "{" + string.Join(", ", fields.Select(f => $"{JsonSerializer.Serialize(f.Field)}: {f.Value}")) + "}";
    }

    private static string Mutate(string text, (int Kind, int A, int B, string Value)[] ops)
    {
        var lines = text.Split('\n').ToList();
        foreach (var (kind, a, b, value) in ops)
        {
            var i = a % lines.Count;
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            var indent = new string(' ', lines[i].Length - lines[i].TrimStart(' ').Length);
            switch (kind)
            {
                case 0 when lines.Count > 1:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(i, lines[i]);
                    break;
                case 2:
                    (lines[i], lines[b % lines.Count]) = (lines[b % lines.Count], lines[i]);
                    break;
                case 3:
                    lines.Insert(i, $"{indent}unknown_key: {value}");
                    break;
                default:
                    lines[i] = colon >= 0 ? $"{lines[i][..(colon + 1)]} {value}" : $"{indent}- {value}";
                    break;
            }
        }

        return string.Join('\n', lines);
    }
}
