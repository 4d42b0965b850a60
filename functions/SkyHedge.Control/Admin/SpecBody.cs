using SkyHedge.Control.State;
using SkyHedge.Core.Spec;
using YamlDotNet.RepresentationModel;

namespace SkyHedge.Control.Admin;

/// <summary>
/// Turns a request body into a validated spec. YAML (<c>application/yaml</c>, <c>text/yaml</c>, <c>text/plain</c>
/// or no content type) and JSON (<c>application/json</c>) are both accepted. JSON is stored and parsed as it is:
/// JSON is YAML 1.2 flow syntax, so the same parser validates it and its errors point into the JSON text the client
/// sent. JSON syntax is checked first with a JSON parser, whose errors are clearer for JSON than a YAML parser's.
/// </summary>
internal static class SpecBody
{
    public const string YamlFile = "spec.yaml";
    public const string JsonFile = "spec.json";

    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];
    private static readonly string[] JsonTypes = ["application/json", "text/json"];

    public static (SpecInput? Input, AdminResponse? Problem) Read(string body, string? contentType)
    {
        var media = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var json = JsonTypes.Contains(media) || media.EndsWith("+json", StringComparison.Ordinal);
        if (!json && media.Length > 0 && !YamlTypes.Contains(media) && !media.EndsWith("+yaml", StringComparison.Ordinal))
        {
            return (null, Problems.UnsupportedMediaType(
                $"Content-Type '{media}' is not a spec format; send YAML (application/yaml) or JSON (application/json)."));
        }

        if (body.Length > ServiceEntityMapper.MaxSpecLength)
        {
            return (null, Problems.TooLarge($"The spec is {body.Length} characters; at most {ServiceEntityMapper.MaxSpecLength} are accepted."));
        }

        var file = json ? JsonFile : YamlFile;
        if (json && JsonBody.Syntax(body, file) is { } syntax)
        {
            return (null, syntax);
        }

        try
        {
            return (new SpecInput(body, ServiceSpecParser.Parse(body, file), file), null);
        }
        catch (SpecException ex) when (ex.Errors.Count > 0)
        {
            return (null, Problems.InvalidSpec(ex.Errors));
        }
    }

    /// <summary>The position of the top-level <c>name</c> value (where a name that disagrees with the URL is
    /// reported); line 1, column 1 if it cannot be found (the spec was validated, so it can).</summary>
    public static (int Line, int Column) NamePosition(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "name" }).Value is { } value
            ? ((int)value.Start.Line, (int)value.Start.Column)
            : (1, 1);
    }
}
