using System.Net.Http.Headers;
using System.Text;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Probing;

/// <summary>
/// The readiness probe: an HTTP GET (or POST with the spec's <c>post_data</c>) to the replica's probe path, with
/// the spec's headers and the replica's own token, within the spec's timeout. Ready means a 2xx answer; anything
/// else, including a timeout or a refused connection, is not ready (never an exception).
/// </summary>
public sealed class ReadinessProber(HttpClient http)
{
    public async Task<ProbeResult> ProbeAsync(string baseAddress, ReadinessProbeSpec probe, string? replicaToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (!Uri.TryCreate(baseAddress, UriKind.Absolute, out var root) || (root.Scheme != Uri.UriSchemeHttp && root.Scheme != Uri.UriSchemeHttps))
        {
            return new ProbeResult(false, null, $"no HTTP address to probe ({baseAddress})");
        }

        using var request = new HttpRequestMessage(probe.PostDataJson is null ? HttpMethod.Get : HttpMethod.Post, new Uri(root, probe.Path));
        if (probe.PostDataJson is { } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in probe.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (replicaToken is not null && !request.Headers.Contains("Authorization"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", replicaToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds)));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var ok = response.IsSuccessStatusCode;
            return new ProbeResult(ok, (int)response.StatusCode, ok ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, null, $"no answer within {probe.TimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, null, e.Message);
        }
    }
}
