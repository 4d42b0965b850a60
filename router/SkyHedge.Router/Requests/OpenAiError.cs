using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SkyHedge.Router.Requests;

/// <summary>Writes errors the way OpenAI's API does (<c>{"error": {"message", "type", "param", "code"}}</c>), so
/// OpenAI client libraries surface the router's message instead of a parse failure.</summary>
internal static class OpenAiError
{
    public static Task WriteAsync(HttpContext context, RequestRejectedException rejection) =>
        WriteAsync(context, rejection.Status, rejection.Message, rejection.Type, rejection.Code, rejection.RetryAfter);

    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? code = null, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json";
        // Relaxed escaping keeps quotes readable in messages; the content type is JSON, never HTML.
        await using var writer = new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        writer.WriteNull("param");
        if (code is null)
        {
            writer.WriteNull("code");
        }
        else
        {
            writer.WriteString("code", code);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
