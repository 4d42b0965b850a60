using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SkyHedge.Emulator.Tests.Harness;

/// <summary>Requests and server-sent-event reading, as an OpenAI client does them.</summary>
internal static class OpenAi
{
    public static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string prompt, int maxTokens, bool stream = false, CancellationToken cancellationToken = default) =>
        SendAsync(client, "/v1/completions", new Dictionary<string, object> { ["model"] = "emulated", ["prompt"] = prompt, ["max_tokens"] = maxTokens, ["stream"] = stream }, cancellationToken);

    public static Task<HttpResponseMessage> ChatAsync(HttpClient client, string content, int maxTokens, bool stream = false, CancellationToken cancellationToken = default) =>
        SendAsync(
            client,
            "/v1/chat/completions",
            new Dictionary<string, object>
            {
                ["model"] = "emulated",
                ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = content } },
                ["max_tokens"] = maxTokens,
                ["stream"] = stream,
            },
            cancellationToken);

    /// <summary>Sends a body; for a stream, returns as soon as the headers arrive.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Reads a whole event stream: each <c>data:</c> payload with the time since <paramref name="clock"/>
    /// started when it arrived, up to and including <c>[DONE]</c>.</summary>
    public static async Task<IReadOnlyList<(TimeSpan At, string Data)>> ReadEventsAsync(HttpResponseMessage response, Stopwatch clock, CancellationToken cancellationToken = default)
    {
        var events = new List<(TimeSpan, string)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((clock.Elapsed, line["data: ".Length..]));
                if (line == "data: [DONE]")
                {
                    break;
                }
            }
            else
            {
                Assert.Equal(string.Empty, line); // events are "data: ..." and a blank line, nothing else
            }
        }

        return events;
    }

    /// <summary>The generated text of streamed completion or chat chunks.</summary>
    public static string StreamedText(IEnumerable<(TimeSpan At, string Data)> events) =>
        string.Concat(events.Where(e => e.Data != "[DONE]").Select(e => JsonDocument.Parse(e.Data).RootElement)
            .Where(chunk => chunk.GetProperty("choices").GetArrayLength() > 0)
            .Select(chunk => chunk.GetProperty("choices")[0])
            .Select(choice => choice.TryGetProperty("delta", out var delta)
                ? (delta.TryGetProperty("content", out var content) ? content.GetString() : string.Empty)
                : choice.GetProperty("text").GetString()));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
