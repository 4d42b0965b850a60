using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SkyHedge.Testing;

namespace SkyHedge.Infra.Tests;

/// <summary>The ARM template the build compiled from <c>infra/main.bicep</c>, with its modules' resources reachable.</summary>
internal static partial class CompiledTemplate
{
    private static readonly Lazy<JsonObject> Main = new(() =>
        JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("infra", "bin", Metadata("Configuration"), "main.json")))!.AsObject());

    public static JsonObject Root => Main.Value;

    /// <summary>The compiled text, for scans.</summary>
    public static string Text => Main.Value.ToJsonString();

    public static string Metadata(string key) =>
        typeof(CompiledTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>A module's nested deployment by its symbolic name in main.bicep.</summary>
    public static JsonObject Module(string name) => Resources(Root).Single(r => r.Key == name).Value;

    /// <summary>The module's own template.</summary>
    public static JsonObject Template(JsonObject module) => module["properties"]!["template"]!.AsObject();

    /// <summary>Resources of a template (languageVersion 2.0 keys them by symbolic name; 1.0 lists them).</summary>
    public static IEnumerable<KeyValuePair<string, JsonObject>> Resources(JsonObject template) => template["resources"] switch
    {
        JsonObject byName => byName.Select(p => KeyValuePair.Create(p.Key, p.Value!.AsObject())),
        JsonArray list => list.Select((r, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), r!.AsObject())),
        _ => [],
    };

    /// <summary>Every resource of one type in a module.</summary>
    public static List<JsonObject> OfType(string module, string type) =>
        [.. Resources(Template(Module(module))).Select(p => p.Value).Where(r => (string?)r["type"] == type)];

    /// <summary>A role assignment's role definition GUID, resolving the module's variables it names.</summary>
    public static string RoleGuid(JsonObject template, JsonObject assignment)
    {
        var expression = (string)assignment["properties"]!["roleDefinitionId"]!;
        if (GuidPattern().Match(expression) is { Success: true } literal)
        {
            return literal.Value;
        }

        var variable = VariablePattern().Match(expression);
        Assert.True(variable.Success, $"role definition not resolvable: {expression}");
        var value = template["variables"]![variable.Groups[1].Value]!;
        return (string)(variable.Groups[2].Success ? value[variable.Groups[2].Value]! : value)!;
    }

    /// <summary>The template parameter a role assignment's principal comes from, e.g. <c>functionsPrincipalId</c>.</summary>
    public static string PrincipalParameter(JsonObject assignment) =>
        ParameterPattern().Match((string)assignment["properties"]!["principalId"]!).Groups[1].Value;

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"variables\('(\w+)'\)(?:\.(\w+))?")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"parameters\('(\w+)'\)")]
    private static partial Regex ParameterPattern();
}
