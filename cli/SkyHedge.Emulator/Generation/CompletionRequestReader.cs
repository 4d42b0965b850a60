using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SkyHedge.Emulator.Generation;

/// <summary>
/// Reads an OpenAI completion or chat request body into a <see cref="CompletionRequest"/>, answering what a real
/// server answers for what it cannot serve: 404 for another model, 400 (with <c>param</c>) for a malformed field, 400
/// <c>context_length_exceeded</c> when prompt + <c>max_tokens</c> exceed what the replica can hold. Fields the emulator
/// has no use for (temperature, stop, ...) are accepted and ignored.
/// </summary>
internal static class CompletionRequestReader
{
    /// <summary>OpenAI's default <c>max_tokens</c> for completions; used for chat too so both stay short.</summary>
    public const int DefaultMaxTokens = 16;

    private static readonly string[] ChatMaxTokenNames = ["max_completion_tokens", "max_tokens"];
    private static readonly string[] CompletionMaxTokenNames = ["max_tokens"];

    /// <exception cref="InvalidRequestException">The request cannot be served; status and message say why.</exception>
    public static CompletionRequest Read(JsonElement body, RequestKind kind, string servedModel, int maxContextTokens)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException(400, $"Expected a JSON object as the request body, got {Kind(body.ValueKind)}.");
        }

        if (body.TryGetProperty("model", out var model) && model.ValueKind != JsonValueKind.Null)
        {
            if (model.ValueKind != JsonValueKind.String || model.GetString() != servedModel)
            {
                throw new InvalidRequestException(404, $"The model `{model}` does not exist. This replica serves `{servedModel}`.", "model", "model_not_found");
            }
        }

        var (prompt, promptTokens) = kind == RequestKind.Chat ? Messages(body) : Prompt(body);
        var maxTokens = MaxTokens(body, kind);
        if (body.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.TryGetInt32(out var count) && count == 1))
        {
            throw new InvalidRequestException(400, $"n must be 1: the emulator generates one choice per request, got {n}.", "n");
        }

        if ((long)promptTokens + maxTokens > maxContextTokens)
        {
            throw new InvalidRequestException(
                400,
                string.Create(CultureInfo.InvariantCulture, $"This model's maximum context length is {maxContextTokens} tokens. However, you requested {(long)promptTokens + maxTokens} tokens ({promptTokens} in the {(kind == RequestKind.Chat ? "messages" : "prompt")}, {maxTokens} in the completion). Please reduce the length of the {(kind == RequestKind.Chat ? "messages" : "prompt")} or completion."),
                kind == RequestKind.Chat ? "messages" : "prompt",
                "context_length_exceeded");
        }

        var stream = Flag(body, "stream");
        var includeUsage = body.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind == JsonValueKind.Object
            && Flag(streamOptions, "include_usage");
        return new CompletionRequest(kind, prompt, promptTokens, maxTokens, stream, stream && includeUsage);
    }

    private static (string Text, int Tokens) Prompt(JsonElement body)
    {
        if (!body.TryGetProperty("prompt", out var prompt))
        {
            throw new InvalidRequestException(400, "You must provide a prompt.", "prompt");
        }

        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                var text = prompt.GetString()!;
                return (text, TokenEstimator.Count(text));
            case JsonValueKind.Array when prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String:
                var only = prompt[0].GetString()!;
                return (only, TokenEstimator.Count(only));
            case JsonValueKind.Array when prompt.GetArrayLength() > 0 && prompt.EnumerateArray().All(t => t.ValueKind == JsonValueKind.Number):
                // Already tokenized: the count is exact, and the ids themselves seed the text.
                return (prompt.GetRawText(), prompt.GetArrayLength());
            default:
                throw new InvalidRequestException(400, "prompt: expected a string, a list of one string, or a list of token ids (one prompt per request).", "prompt");
        }
    }

    private static (string Text, int Tokens) Messages(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new InvalidRequestException(400, "messages: expected a non-empty list of messages.", "messages");
        }

        // The conversation as "role: content" lines: what is hashed for the answer and counted for its size.
        var text = new StringBuilder();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                throw new InvalidRequestException(400, $"messages[{index}]: expected an object with a string 'role'.", $"messages[{index}]");
            }

            text.Append(role.GetString()).Append(": ").Append(Content(message, index)).Append('\n');
            index++;
        }

        var rendered = text.ToString();
        return (rendered, TokenEstimator.Count(rendered));
    }

    private static string Content(JsonElement message, int index)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind == JsonValueKind.Array)
        {
            // Content parts: text parts count; images and audio have no size the emulator could estimate.
            return string.Join('\n', content.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(p => p.GetProperty("text").GetString()));
        }

        throw new InvalidRequestException(400, $"messages[{index}].content: expected a string or a list of content parts.", $"messages[{index}].content");
    }

    private static int MaxTokens(JsonElement body, RequestKind kind)
    {
        // Chat's newer name wins over the deprecated one, as OpenAI's API does.
        foreach (var name in kind == RequestKind.Chat ? ChatMaxTokenNames : CompletionMaxTokenNames)
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value.TryGetInt32(out var tokens) && tokens >= 1
                    ? tokens
                    : throw new InvalidRequestException(400, $"{name}: expected a whole number of at least 1, got {value}.", name);
            }
        }

        return DefaultMaxTokens;
    }

    private static bool Flag(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new InvalidRequestException(400, $"{name}: expected true or false, got {value}.", name),
        };

    private static string Kind(JsonValueKind kind) => kind.ToString().ToLowerInvariant();
}
