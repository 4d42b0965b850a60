using System.Text.Json.Serialization;

namespace SkyHedge.Control.Admin;

/// <summary>An RFC 9457 problem details body; <see cref="Errors"/> only for input with positions (a spec, a JSON
/// body).</summary>
internal sealed record ProblemDetails(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<InputError>? Errors = null);
