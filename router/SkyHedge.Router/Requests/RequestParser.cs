using System.Text;
using System.Text.Json;

namespace SkyHedge.Router.Requests;

/// <summary>
/// Reads the fields routing needs from an OpenAI-style body and rejects malformed ones with a message that says
/// which field is wrong and what was expected. Everything else in the body is the model server's business and is
/// forwarded untouched. Prompt text is counted, never kept or logged.
/// </summary>
internal sealed class RequestParser(TokenCounter tokens)
{
    /// <param name="kind">Which endpoint: decides where the input is (<c>prompt</c>, <c>messages</c>, <c>input</c>).</param>
    /// <exception cref="RequestRejectedException">400 with a specific message.</exception>
    public InferenceRequest Parse(ReadOnlyMemory<byte> body, RequestKind kind)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw Bad($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, kind, body);
            }
            catch (InvalidOperationException ex)
            {
                // JSON parsing checks structure only: reading a string that holds invalid UTF-8 or escapes half a
                // surrogate pair ("\ud800") throws here. No other read throws it: kinds are checked before values.
                throw Bad($"The body is not valid text: a string holds invalid UTF-8 or half a UTF-16 surrogate pair ({ex.Message})");
            }
        }
    }

    private InferenceRequest Read(JsonElement root, RequestKind kind, ReadOnlyMemory<byte> body)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"The body must be a JSON object, got {Describe(root)}.");
        }

        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
        {
            throw Bad("The body must have a \"model\" string naming the service; GET /v1/models lists them.", "model");
        }

        var stream = false;
        if (root.TryGetProperty("stream", out var streamValue) && streamValue.ValueKind != JsonValueKind.Null)
        {
            stream = streamValue.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad($"\"stream\" must be true or false, got {Describe(streamValue)}.", "stream"),
            };
        }

        var input = kind switch
        {
            RequestKind.Chat => CountMessages(root),
            RequestKind.Embeddings => CountPrompt(root, "input"),
            _ => CountPrompt(root, "prompt"),
        };
        return new InferenceRequest(model.GetString()!, stream, input, MaxTokens(root), body);
    }

    private int CountMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw Bad("\"messages\" must be a non-empty list of {\"role\": …, \"content\": …}.", "messages");
        }

        // Roles are counted too: the server's chat template puts them into the prompt.
        var text = new StringBuilder();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                throw Bad($"messages[{index}] must be an object with a \"role\" string.", "messages");
            }

            text.Append(role.GetString()).Append(": ");
            if (message.TryGetProperty("content", out var content))
            {
                AppendContent(text, content, index);
            }

            text.Append('\n');
            index++;
        }

        return tokens.Count(text.ToString());
    }

    private static void AppendContent(StringBuilder text, JsonElement content, int index)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                text.Append(content.GetString());
                break;
            case JsonValueKind.Null:
                break;
            case JsonValueKind.Array:
                foreach (var part in content.EnumerateArray())
                {
                    // Text parts count; images and audio have no token estimate here and are left to the server.
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                    {
                        text.Append(partText.GetString()).Append(' ');
                    }
                }

                break;
            default:
                throw Bad($"messages[{index}].content must be a string or a list of parts, got {Describe(content)}.", "messages");
        }
    }

    private int CountPrompt(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var prompt))
        {
            throw Bad($"The body must have \"{field}\": a string, a list of strings, or token ids.", field);
        }

        return prompt.ValueKind switch
        {
            JsonValueKind.String => tokens.Count(prompt.GetString()!),
            JsonValueKind.Array => prompt.EnumerateArray().Sum(item => item.ValueKind switch
            {
                JsonValueKind.String => tokens.Count(item.GetString()!),
                JsonValueKind.Number => 1, // a token id
                JsonValueKind.Array => item.GetArrayLength(), // a list of token ids
                _ => throw Bad($"\"{field}\" items must be strings or token ids, got {Describe(item)}.", field),
            }),
            _ => throw Bad($"\"{field}\" must be a string, a list of strings, or token ids, got {Describe(prompt)}.", field),
        };
    }

    private static int? MaxTokens(JsonElement root)
    {
        foreach (var name in (string[])["max_tokens", "max_completion_tokens"])
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : throw Bad($"\"{name}\" must be a positive whole number, got {value.GetRawText()}.", name);
            }
        }

        return null;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static RequestRejectedException Bad(string message, string? param = null) =>
        new(400, message, "invalid_request_error", param is null ? "invalid_json" : "invalid_" + param);
}
