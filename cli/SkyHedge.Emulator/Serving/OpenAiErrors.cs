using Microsoft.AspNetCore.Http;
using SkyHedge.Emulator.Generation;

namespace SkyHedge.Emulator.Serving;

/// <summary>Writes OpenAI-shaped errors (<c>{"error": {"message", "type", "param", "code"}}</c>), which OpenAI clients
/// parse into their exception types.</summary>
internal static class OpenAiErrors
{
    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? param, string? code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(ResponseShapes.Error(message, type, param, code), context.RequestAborted).ConfigureAwait(false);
    }
}
