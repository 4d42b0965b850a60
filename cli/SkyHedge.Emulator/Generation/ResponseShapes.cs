using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SkyHedge.Emulator.Generation;

/// <summary>
/// OpenAI's response objects, written field by field so the shapes are visible here: <c>text_completion</c>,
/// <c>chat.completion</c>, <c>chat.completion.chunk</c> (streamed completions reuse <c>text_completion</c>, as
/// OpenAI does), each with <c>system_fingerprint</c> naming the emulated GPU. Stream chunks come framed as server-sent
/// events (<c>data: {...}\n\n</c>).
/// </summary>
internal sealed class ResponseShapes(string model, string gpu)
{
    public static readonly byte[] Done = Encoding.UTF8.GetBytes("data: [DONE]\n\n");
    private static readonly byte[] DataPrefix = Encoding.UTF8.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    // Relaxed: the JSON is never embedded in HTML, and clients read the text more easily without \u escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Fingerprint { get; } = "skyhedge-emulator-" + gpu;

    /// <summary>One streamed token. <paramref name="finishReason"/> non-null marks the completion's last chunk (chat
    /// ends with a separate <see cref="ChatEndChunk"/> instead, as OpenAI's does).</summary>
    public byte[] Chunk(CompletionRequest request, string id, long created, string text, bool first, string? finishReason) =>
        Event(json =>
        {
            Header(json, request.Kind == RequestKind.Chat ? "chat.completion.chunk" : "text_completion", id, created);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            if (request.Kind == RequestKind.Chat)
            {
                json.WriteStartObject("delta");
                if (first)
                {
                    json.WriteString("role", "assistant");
                }

                json.WriteString("content", text);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("text", text);
            }

            json.WriteNull("logprobs");
            WriteFinish(json, finishReason);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });

    /// <summary>Chat's last chunk: an empty delta with the finish reason.</summary>
    public byte[] ChatEndChunk(string id, long created, string finishReason) =>
        Event(json =>
        {
            Header(json, "chat.completion.chunk", id, created);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            json.WriteEndObject();
            json.WriteNull("logprobs");
            json.WriteString("finish_reason", finishReason);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });

    /// <summary>The <c>stream_options.include_usage</c> chunk: no choices, the usage.</summary>
    public byte[] UsageChunk(CompletionRequest request, string id, long created, int completionTokens) =>
        Event(json =>
        {
            Header(json, request.Kind == RequestKind.Chat ? "chat.completion.chunk" : "text_completion", id, created);
            json.WriteStartArray("choices");
            json.WriteEndArray();
            Usage(json, request.PromptTokens, completionTokens);
            json.WriteEndObject();
        });

    /// <summary>A whole (non-streamed) response.</summary>
    public byte[] Completion(CompletionRequest request, string id, long created, string text, int completionTokens, string finishReason) =>
        Json(json =>
        {
            Header(json, request.Kind == RequestKind.Chat ? "chat.completion" : "text_completion", id, created);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            if (request.Kind == RequestKind.Chat)
            {
                json.WriteStartObject("message");
                json.WriteString("role", "assistant");
                json.WriteString("content", text);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("text", text);
            }

            json.WriteNull("logprobs");
            json.WriteString("finish_reason", finishReason);
            json.WriteEndObject();
            json.WriteEndArray();
            Usage(json, request.PromptTokens, completionTokens);
            json.WriteEndObject();
        });

    /// <summary><c>/v1/models</c>: the one served model (with vLLM's <c>max_model_len</c>).</summary>
    public byte[] Models(long created, int maxModelLength) =>
        Json(json =>
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            json.WriteStartObject();
            json.WriteString("id", model);
            json.WriteString("object", "model");
            json.WriteNumber("created", created);
            json.WriteString("owned_by", "skyhedge-emulator");
            json.WriteNumber("max_model_len", maxModelLength);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });

    /// <summary><c>/health</c>: <c>{"status": ..., "gpu": ...}</c>.</summary>
    public byte[] Health(string status) =>
        Json(json =>
        {
            json.WriteStartObject();
            json.WriteString("status", status);
            json.WriteString("gpu", gpu);
            json.WriteEndObject();
        });

    /// <summary>OpenAI's error object.</summary>
    public static byte[] Error(string message, string type, string? param, string? code) =>
        Json(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", type);
            json.WriteString("param", param);
            json.WriteString("code", code);
            json.WriteEndObject();
            json.WriteEndObject();
        });

    private void Header(Utf8JsonWriter json, string kind, string id, long created)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", created);
        json.WriteString("model", model);
        json.WriteString("system_fingerprint", Fingerprint);
    }

    private static void WriteFinish(Utf8JsonWriter json, string? finishReason)
    {
        if (finishReason is null)
        {
            json.WriteNull("finish_reason");
        }
        else
        {
            json.WriteString("finish_reason", finishReason);
        }
    }

    private static void Usage(Utf8JsonWriter json, int promptTokens, int completionTokens)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", promptTokens);
        json.WriteNumber("completion_tokens", completionTokens);
        json.WriteNumber("total_tokens", (long)promptTokens + completionTokens);
        json.WriteEndObject();
    }

    private static byte[] Event(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }

        buffer.Write(EventEnd);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
