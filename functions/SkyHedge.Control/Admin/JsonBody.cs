using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SkyHedge.Control.Admin;

/// <summary>Reads small JSON request bodies strictly: an object, only known keys, string fields; every error says
/// which field and what was expected (or, for broken JSON, the line and column).</summary>
internal static partial class JsonBody
{
    /// <summary>Checks that <paramref name="text"/> is JSON; on failure, the problem names its line and column.</summary>
    public static AdminResponse? Syntax(string text, string file)
    {
        if (HalfSurrogate(text, file) is { } half)
        {
            return half;
        }

        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            return null;
        }
        catch (JsonException ex)
        {
            return Invalid(text, file, ex);
        }
    }

    /// <summary>The body as an object holding only <paramref name="allowed"/> keys, or a problem.</summary>
    public static (JsonObject? Value, AdminResponse? Problem) Object(string text, params string[] allowed)
    {
        if (HalfSurrogate(text, "body") is { } half)
        {
            return (null, half);
        }

        JsonNode? node;
        try
        {
            // Duplicates would make JsonObject throw ArgumentException, and which one counts is ambiguous anyway.
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return (null, Invalid(text, "body", ex));
        }

        if (node is not JsonObject obj)
        {
            return (null, Problems.BadRequest($"Expected a JSON object with {Keys(allowed)}, got {Kind(node)}."));
        }

        var unknown = obj.Select(p => p.Key).FirstOrDefault(k => !allowed.Contains(k, StringComparer.Ordinal));
        return unknown is null
            ? (obj, null)
            : (null, Problems.BadRequest($"Unknown field '{unknown}'; expected {Keys(allowed)}."));
    }

    /// <summary>A string field: null when absent or JSON null (a problem too when <paramref name="required"/>); a
    /// problem when it is not a string.</summary>
    public static (string? Value, AdminResponse? Problem) String(JsonObject obj, string key, bool required)
    {
        var node = obj[key];
        if (node is null)
        {
            return (null, required ? Problems.BadRequest($"Field '{key}' is required (a string).") : null);
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? (text, null)
            : (null, Problems.BadRequest($"Field '{key}': expected a string, got {Kind(node)}."));
    }

    private static AdminResponse Invalid(string text, string file, JsonException ex)
    {
        var line = (int)(ex.LineNumber ?? 0);
        var message = PositionSuffix().Replace(ex.Message, string.Empty).Trim();
        return Problems.InvalidJson(file, line + 1, Column(text, line, ex.BytePositionInLine ?? 0), message);
    }

    /// <summary>
    /// Finds half a UTF-16 surrogate pair, as a raw char or as a <c>\ud800</c> escape. System.Text.Json parses the
    /// escaped form but throws <see cref="InvalidOperationException"/> when the string is read, and cannot transcode
    /// the raw form at all (<see cref="ArgumentException"/>); neither is a character, so the body is refused here.
    /// </summary>
    private static AdminResponse? HalfSurrogate(string text, string file)
    {
        const string What = "half of a UTF-16 surrogate pair is not a character";
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                var lineStart = text.LastIndexOf('\n', Math.Max(i - 1, 0)) + 1;
                return Problems.InvalidJson(file, text.AsSpan(0, i).Count('\n') + 1, i - lineStart + 1, What);
            }
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return null; // the parse that follows reports it with its position
        }
        catch (InvalidOperationException)
        {
            var at = (int)reader.TokenStartIndex;
            var lineStart = utf8.AsSpan(0, at).LastIndexOf((byte)'\n') + 1;
            return Problems.InvalidJson(
                file, utf8.AsSpan(0, at).Count((byte)'\n') + 1, Encoding.UTF8.GetCharCount(utf8, lineStart, at - lineStart) + 1, $"a string escapes {What}");
        }

        return null;
    }

    /// <summary>System.Text.Json reports a byte offset within the line; users count characters.</summary>
    private static int Column(string text, int line, long bytePosition)
    {
        var lines = text.Split('\n');
        if (line >= lines.Length)
        {
            return (int)bytePosition + 1;
        }

        var bytes = Encoding.UTF8.GetBytes(lines[line]);
        return Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Min(bytePosition, bytes.Length)) + 1;
    }

    private static string Keys(string[] allowed) => string.Join(", ", allowed.Select(k => $"'{k}'"));

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
    };

    [GeneratedRegex(@"\s*(Path: \S+ \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.$")]
    private static partial Regex PositionSuffix();
}
