using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Router;

/// <summary>
/// Pushes replica changes to the router: <c>POST {RouterUrl}/internal/replicas/changed</c> with <c>Authorization:
/// Bearer {Key}</c> and <c>{"service", "replica", "status"}</c>; the router answers 2xx once its routes use the
/// service's new replica set. Best effort (see <see cref="IRouterNotifier"/>): a refused connection, a timeout
/// (<see cref="RouterNotifierOptions.Timeout"/>) or a non-2xx answer is logged as a warning, without the key, and
/// swallowed.
/// </summary>
internal sealed partial class HttpRouterNotifier : IRouterNotifier
{
    private readonly HttpClient _http;
    private readonly RouterNotifierOptions _options;
    private readonly Uri _endpoint;
    private readonly ILogger _log;

    /// <exception cref="ArgumentException">An option is invalid (see <see cref="RouterNotifierOptions.Validate"/>).</exception>
    public HttpRouterNotifier(HttpClient http, RouterNotifierOptions options, ILogger<HttpRouterNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _options = options;
        _endpoint = options.Endpoint;
        _log = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async Task ReplicaChangedAsync(string service, string replicaId, ReplicaStatus status, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = JsonContent.Create(new ReplicaChangedBody(service, replicaId, status.ToString())),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Key);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(_log, service, replicaId, status, _endpoint, (int)response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(_log, service, replicaId, status, _endpoint, _options.Timeout.TotalSeconds);
        }
        catch (HttpRequestException ex)
        {
            // The exception's message names the endpoint and the socket error, never the request's headers.
            LogUnreachable(_log, service, replicaId, status, _endpoint, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "router push {Service}/{Replica} {Status} to {Endpoint} answered {StatusCode}; the router's poll will catch up")]
    private static partial void LogRefused(ILogger logger, string service, string replica, ReplicaStatus status, Uri endpoint, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "router push {Service}/{Replica} {Status} to {Endpoint} timed out after {Seconds} s; the router's poll will catch up")]
    private static partial void LogTimedOut(ILogger logger, string service, string replica, ReplicaStatus status, Uri endpoint, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "router push {Service}/{Replica} {Status} to {Endpoint} failed: {Error}; the router's poll will catch up")]
    private static partial void LogUnreachable(ILogger logger, string service, string replica, ReplicaStatus status, Uri endpoint, string error);
}
