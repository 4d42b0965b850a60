using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SkyHedge.Control.Admin;

namespace SkyHedge.Functions.Admin;

/// <summary>Turns an ASP.NET Core request into an <see cref="AdminRequest"/>: method, path from <c>/api</c> with its
/// query, every header value, and the body text.</summary>
internal static class AdminHttp
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

    /// <summary>The 413 for a body past the limit, in the admin API's problem format (its own factory is internal
    /// to SkyHedge.Control; this is the one problem answered before the request reaches it).</summary>
    public static AdminResult TooLarge() => new(
        StatusCodes.Status413PayloadTooLarge,
        "application/problem+json",
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "urn:skyhedge:problem:too-large",
            ["title"] = "Payload too large",
            ["status"] = StatusCodes.Status413PayloadTooLarge,
            ["detail"] = $"The request body is over {MaxBodyChars} characters.",
        }),
        new Dictionary<string, string>());

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
