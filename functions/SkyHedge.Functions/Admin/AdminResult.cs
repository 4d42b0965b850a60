using System.Text;
using Microsoft.AspNetCore.Mvc;
using SkyHedge.Control.Admin;

namespace SkyHedge.Functions.Admin;

/// <summary>Writes an admin answer as it is: status, extra headers (<c>Location</c>, <c>ETag</c>, <c>Allow</c>,
/// <c>WWW-Authenticate</c>), content type and body. Written directly rather than through a ContentResult, which
/// would drop the headers and needs MVC's executors registered.</summary>
internal sealed class AdminResult(int statusCode, string? contentType, string body, IReadOnlyDictionary<string, string> headers) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public string? ContentType { get; } = contentType;

    public string Body { get; } = body;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public static AdminResult From(AdminResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new AdminResult(response.StatusCode, response.ContentType, response.Body, response.Headers);
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext.Response;
        http.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            http.Headers[name] = value;
        }

        if (ContentType is null)
        {
            return;
        }

        http.ContentType = ContentType + "; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(Body);
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
