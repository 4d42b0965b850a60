using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkyHedge.Control.Admin;

/// <summary>The admin API's JSON: snake_case keys and enum values, nulls written (a client sees every field of a
/// view, set or not), readable escaping (responses are JSON, never HTML).</summary>
internal static class AdminJson
{
    public const string ContentType = "application/json";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>An enum value as the API writes it, e.g. <c>not_ready</c>.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static AdminResponse Response<T>(int status, T value, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, ContentType, Serialize(value), headers);
}
