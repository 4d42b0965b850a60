using Microsoft.AspNetCore.Mvc;
using SkyHedge.Control.Admin;

namespace SkyHedge.Functions.Admin;

/// <summary>An admin answer as an MVC result, written as it is by <see cref="AdminHttp.WriteAsync"/> (not through a
/// ContentResult, which would drop the headers and needs MVC's executors registered).</summary>
internal sealed class AdminResult(AdminResponse response) : IActionResult
{
    public int StatusCode => response.StatusCode;

    public string? ContentType => response.ContentType;

    public string Body => response.Body;

    public IReadOnlyDictionary<string, string> Headers => response.Headers;

    public static AdminResult From(AdminResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new AdminResult(response);
    }

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AdminHttp.WriteAsync(context.HttpContext.Response, response, context.HttpContext.RequestAborted);
    }
}
