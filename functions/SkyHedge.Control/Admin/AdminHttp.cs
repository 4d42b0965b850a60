using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SkyHedge.Control.Admin;

namespace SkyHedge.Control.Admin;

/// <summary>The admin API over ASP.NET Core, for every host that serves it (the Functions app's HTTP triggers and the
/// local host): an HTTP request into an <see cref="AdminRequest"/> (method, path from <c>/api</c> with its query,
/// every header value, the body text), and an <see cref="AdminResponse"/> back onto the wire.</summary>
public static class AdminHttp
{
    /// <summary>Bodies past this are refused before they are held in memory: the endpoint is anonymous at the
    /// transport level (the key is checked after the body is read), and the largest valid body, a spec, is far
    /// smaller.</summary>
    public const int MaxBodyChars = 1 << 20;

    /// <returns>The request, or null when its body is over <see cref="MaxBodyChars"/>.</returns>
    public static async Task<AdminRequest?> ToAdminRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyChars * 4L)
        {
            return null; // cannot fit: UTF-8 takes at most 4 bytes a character
        }

        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        // The host's route prefix (host.json: "api") is part of the path, as AdminRequest expects.
        var path = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? string.Empty)));
        return new AdminRequest(request.Method, path, headers, body);
    }

    /// <summary>The 413 for a body past the limit, in the admin API's problem format (the one problem answered
    /// before the request reaches <see cref="AdminApi"/>).</summary>
    public static AdminResponse TooLarge() => new(
        StatusCodes.Status413PayloadTooLarge,
        "application/problem+json",
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "urn:skyhedge:problem:too-large",
            ["title"] = "Payload too large",
            ["status"] = StatusCodes.Status413PayloadTooLarge,
            ["detail"] = $"The request body is over {MaxBodyChars} characters.",
        }));

    /// <summary>Writes an answer as it is: status, extra headers (<c>Location</c>, <c>ETag</c>, <c>Allow</c>,
    /// <c>WWW-Authenticate</c>), content type and body.</summary>
    public static async Task WriteAsync(HttpResponse http, AdminResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(response);
        http.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (response.ContentType is null)
        {
            return;
        }

        http.ContentType = response.ContentType + "; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(response.Body);
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var text = new StringBuilder();
        var chunk = new char[16 * 1024];
        int n;
        while ((n = await reader.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (text.Length + n > MaxBodyChars)
            {
                return null;
            }

            text.Append(chunk, 0, n);
        }

        return text.ToString();
    }
}
