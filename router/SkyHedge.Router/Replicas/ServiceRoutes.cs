using SkyHedge.Core.Routing;

namespace SkyHedge.Router.Replicas;

/// <summary>Everything the router knows about one service: how to route its requests and where its replicas are.</summary>
/// <param name="Name">The service name, which clients send as <c>model</c>.</param>
/// <param name="DefaultMaxTokens">The output size assumed when a request names no <c>max_tokens</c>.</param>
/// <param name="Replicas">Ready and Draining replicas, by key.</param>
internal sealed record ServiceRoutes(
    string Name, LoadBalancing Policy, RoutingTable Routing, int DefaultMaxTokens, IReadOnlyList<RoutableReplica> Replicas)
{
    /// <summary>The YARP cluster of this service.</summary>
    public string ClusterId => "svc:" + Name;

    public int ReadyCount => Replicas.Count(r => !r.Draining);

    /// <summary>A text that changes whenever anything routing depends on changes (the poll compares these rather
    /// than rebuilding the proxy config every 2 s).</summary>
    public string Fingerprint() =>
        string.Join(
            '\n',
            new[] { Name, Policy.ToString(), Routing.ToJson(), DefaultMaxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(Replicas.OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => $"{r.Key}|{r.Address}|{r.Pool}|{r.Zone}|{r.Market}|{r.Draining}|{r.Capacity}|{Hash(r.Token)}")));

    // The fingerprint is compared, never logged, but it still should not carry a secret.
    private static string Hash(string? token) =>
        token is null ? "-" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..16];
}
