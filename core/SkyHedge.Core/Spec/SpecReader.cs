using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SkyHedge.Core.Spec;

/// <summary>
/// Typed reads of YAML nodes that record a <see cref="SpecError"/> at the node's own line and column instead of
/// throwing, so one pass reports every problem. Each read returns null when the value is absent or wrong.
/// </summary>
internal sealed class SpecReader
{
    private static readonly string[] NullForms = ["", "~", "null", "Null", "NULL"];

    // PyYAML (what SkyPilot uses) reads YAML 1.1 booleans, so yes/no/on/off are accepted too.
    private static readonly string[] TrueForms = ["true", "yes", "on"];
    private static readonly string[] FalseForms = ["false", "no", "off"];

    private readonly string _file;
    private readonly List<SpecError> _errors = [];

    internal SpecReader(string file)
    {
        _file = file;
    }

    internal IReadOnlyList<SpecError> Errors => _errors;

    internal static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    internal void Error(YamlNode node, string path, string message) => Error(node.Start, path, message);

    internal void Error(Mark mark, string path, string message) =>
        _errors.Add(new SpecError(_file, (int)mark.Line, (int)mark.Column, path.Length == 0 ? message : $"{path}: {message}"));

    /// <summary>A plain (unquoted) <c>~</c>, <c>null</c> or empty value.</summary>
    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s && NullForms.Contains(s.Value ?? string.Empty);

    /// <summary>How a node looks, for "got …" in messages.</summary>
    internal static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode s => $"'{s.Value}'",
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "an alias",
    };

    /// <summary>
    /// Checks that <paramref name="node"/> is a mapping (or null, read as empty) whose keys are all in
    /// <paramref name="allowed"/>; returns the known keys. An unknown key is reported at the key, with the allowed keys at that level.
    /// </summary>
    internal Dictionary<string, (YamlNode Key, YamlNode Value)>? Mapping(YamlNode node, string path, IReadOnlyList<string> allowed)
    {
        if (IsNull(node))
        {
            // "resources:" with nothing under it means "all defaults", as in SkyPilot.
            return [];
        }

        if (node is not YamlMappingNode map)
        {
            Error(node, path, $"expected a mapping with keys {string.Join(", ", allowed)}, got {Describe(node)}");
            return null;
        }

        var result = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || key is not YamlScalarNode)
            {
                Error(key, path, $"expected a key name, got {Describe(key)}");
            }
            else if (!allowed.Contains(name))
            {
                var where = path.Length == 0 ? "at the top level" : $"under '{path}'";
                Error(key, Join(path, name), $"unknown key; allowed {where}: {string.Join(", ", allowed)}");
            }
            else
            {
                result[name] = (key, value);
            }
        }

        return result;
    }

    internal string? String(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode s)
        {
            return s.Value;
        }

        Error(node, path, $"expected a string, got {Describe(node)}");
        return null;
    }

    /// <summary>A whole number ≥ <paramref name="min"/>, written unquoted.</summary>
    internal int? Int(YamlNode node, string path, int min = 0, bool allowQuoted = false)
    {
        if (IsNull(node))
        {
            return null;
        }

        var expected = min switch
        {
            0 => "a non-negative integer",
            1 => "a positive integer",
            _ => $"an integer >= {min}",
        };
        if (node is YamlScalarNode s && (allowQuoted || s.Style is ScalarStyle.Plain or ScalarStyle.Any)
            && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        Error(node, path, $"expected {expected}, got {DescribeTyped(node)}");
        return null;
    }

    /// <summary>A number &gt; 0 (integer or decimal), written unquoted.</summary>
    internal double? PositiveNumber(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0)
        {
            return value;
        }

        Error(node, path, $"expected a number > 0, got {DescribeTyped(node)}");
        return null;
    }

    internal bool? Bool(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s)
        {
            if (TrueForms.Contains(s.Value, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }

            if (FalseForms.Contains(s.Value, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        Error(node, path, $"expected true or false, got {DescribeTyped(node)}");
        return null;
    }

    /// <summary>A mapping of names to scalar values (envs, headers). Nested values are errors.</summary>
    internal Dictionary<string, string?>? ScalarMap(YamlNode node, string path, Func<string, bool>? validKey = null, string? keyExpectation = null)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            Error(node, path, $"expected a mapping of names to values, got {Describe(node)}");
            return null;
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (key is not YamlScalarNode || (validKey is not null && !validKey(name)))
            {
                Error(key, path, $"expected {keyExpectation ?? "a name"}, got {Describe(key)}");
                continue;
            }

            if (value is not YamlScalarNode scalar)
            {
                Error(value, Join(path, name), $"expected a single value, got {Describe(value)}");
                continue;
            }

            result[name] = IsNull(scalar) ? null : scalar.Value;
        }

        return result;
    }

    /// <summary>
    /// Converts a node to plain .NET values: plain scalars by the YAML core schema (null, bool, long, double,
    /// else string), quoted scalars as strings, mappings as dictionaries with string keys, sequences as lists.
    /// </summary>
    internal static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => PlainMapping(map),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode s when s.Style is not (ScalarStyle.Plain or ScalarStyle.Any) => s.Value,
        YamlScalarNode s when IsNull(s) => null,
        YamlScalarNode s when s.Value is "true" or "True" or "TRUE" => true,
        YamlScalarNode s when s.Value is "false" or "False" or "FALSE" => false,
        YamlScalarNode s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        // NaN, Infinity and 1e999 stay text: JSON (post_data) has no such numbers.
        YamlScalarNode s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        YamlScalarNode s => s.Value,
        _ => null,
    };

    // Distinct YAML keys can print alike ('1' and "1", a list key and its text): the later one wins, as in JSON.
    private static Dictionary<string, object?> PlainMapping(YamlMappingNode map)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            result[(key as YamlScalarNode)?.Value ?? key.ToString()] = ToPlain(value);
        }

        return result;
    }

    // Quoted numbers are strings in YAML: say so, or "got '2'" would be confusing.
    private static string DescribeTyped(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } s
            ? $"the quoted string '{s.Value}'"
            : Describe(node);
}
