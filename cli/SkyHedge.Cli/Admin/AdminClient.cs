using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SkyHedge.Cli.Admin;

/// <summary>
/// The one HTTP seam of the admin verbs: sends a request to the admin API (<c>{endpoint}/api/...</c>) with the admin
/// key as <c>Authorization: Bearer KEY</c> and returns the JSON of a 2xx answer.
/// </summary>
/// <remarks>Error contract: every failure is a <see cref="CliFailure"/> whose message is one line and whose exit code
/// says who failed. <see cref="ExitCodes.ApiError"/>: a non-2xx answer (the message is the problem details' title,
/// status and detail when the body has them) or a 2xx body that is not JSON. <see cref="ExitCodes.Unreachable"/>:
/// connection refused, DNS, TLS, a dropped connection, or no answer within the timeout.
/// <see cref="ExitCodes.Interrupted"/>: the caller's token was cancelled.</remarks>
internal sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    /// <param name="apiBase">The API root ending in <c>/api/</c> (see <see cref="ApiBaseOf"/>).</param>
    /// <param name="apiKey">An admin-scope key.</param>
    /// <param name="timeout">For the whole exchange, connect to last byte.</param>
    public AdminClient(Uri apiBase, string apiKey, TimeSpan timeout)
    {
        ApiBase = apiBase;
        _timeout = timeout;
        _http = new HttpClient { BaseAddress = apiBase, Timeout = timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("skyhedge-cli");
    }

    /// <summary>The API root, e.g. <c>http://127.0.0.1:7071/api/</c>.</summary>
    public Uri ApiBase { get; }

    /// <summary>Where messages say the API is: the root without its trailing slash.</summary>
    public string Where => ApiBase.ToString().TrimEnd('/');

    /// <summary>The API root for an endpoint given with or without <c>/api</c> and trailing slashes.</summary>
    /// <exception cref="CliFailure">Not an absolute http(s) URL (<see cref="ExitCodes.Usage"/>).</exception>
    public static Uri ApiBaseOf(string endpoint)
    {
        var text = endpoint.Trim().TrimEnd('/');
        if (text.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^"/api".Length];
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new CliFailure(ExitCodes.Usage, $"--endpoint: '{endpoint}' is not an http(s) URL like http://127.0.0.1:7071");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/api/");
    }

    /// <summary>A path under the API root with each segment escaped, e.g. <c>services/llm/events</c>.</summary>
    public static string Path(params string[] segments) => string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>Sends one request and returns the 2xx answer; see the class remarks for failures.</summary>
    /// <param name="path">Relative to the API root, escaped (see <see cref="Path"/>), optionally with a query.</param>
    /// <param name="yaml">A spec to send as <c>application/yaml</c>, or null for no body.</param>
    /// <param name="ifMatch">An <c>If-Match</c> ETag, or null.</param>
    public async Task<AdminReply> SendAsync(
        HttpMethod method, string path, string? yaml = null, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (yaml is not null)
        {
            request.Content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var url = new Uri(ApiBase, path);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                throw new CliFailure(ExitCodes.ApiError, Refusal(method, url, response, body));
            }

            CheckJson(method, url, status, body);
            return new AdminReply(status, body, response.Headers.ETag?.ToString());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Interrupted, "interrupted");
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
            var seconds = _timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new CliFailure(ExitCodes.Unreachable, $"no answer from the admin API at {Where} within {seconds} s (--timeout)", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the admin API at {Where}: {Reason(ex)}", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Reason(HttpRequestException ex)
    {
        var socket = ex.InnerException as SocketException;
        return (ex.HttpRequestError, socket?.SocketErrorCode) switch
        {
            (_, SocketError.ConnectionRefused) => "connection refused",
            (HttpRequestError.NameResolutionError, _) or (_, SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain) =>
                $"cannot resolve the host name{(ex.InnerException is { } inner ? $" ({OneLine(inner.Message)})" : string.Empty)}",
            (_, SocketError.TimedOut) => "connection timed out",
            (_, SocketError.NetworkUnreachable or SocketError.HostUnreachable) => "network unreachable",
            (HttpRequestError.SecureConnectionError, _) => $"TLS handshake failed ({OneLine(ex.InnerException?.Message ?? ex.Message)})",
            (HttpRequestError.ResponseEnded, _) => "the connection closed before an answer (is this the admin API's port?)",
            _ => OneLine(ex.InnerException?.Message ?? ex.Message),
        };
    }

    /// <summary>The one-line message for a non-2xx answer: the problem details' title, status and detail when the body
    /// has them (plus the first input error's position for a spec), else the status line and a bit of the body.</summary>
    private static string Refusal(HttpMethod method, Uri url, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && (Text(root, "title") ?? ReasonPhrase(response)) is { } title
                && Text(root, "detail") is { } detail)
            {
                return OneLine($"{title} ({status}): {detail}");
            }
        }
        catch (JsonException)
        {
            // Not problem details: a proxy's or another server's page; described below.
        }

        var snippet = OneLine(body);
        snippet = snippet.Length > 200 ? snippet[..200] + "…" : snippet;
        return $"{method} {url} answered {status} {ReasonPhrase(response)}{(snippet.Length > 0 ? $": {snippet}" : string.Empty)}";
    }

    private static void CheckJson(HttpMethod method, Uri url, int status, string body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new CliFailure(
                ExitCodes.ApiError, $"{method} {url} answered {status} with malformed JSON ({OneLine(ex.Message)}); is the endpoint the admin API?", ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static string ReasonPhrase(HttpResponseMessage response) =>
        response.ReasonPhrase is { Length: > 0 } phrase ? phrase : response.StatusCode.ToString();

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
