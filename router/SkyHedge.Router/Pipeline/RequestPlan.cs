using SkyHedge.Router.Replicas;
using SkyHedge.Router.Requests;

namespace SkyHedge.Router.Pipeline;

/// <summary>One request's routing state, carried as an HttpContext feature from admission through the retries, the
/// load balancer and the transforms.</summary>
internal sealed class RequestPlan(ServiceRoutes service, InferenceRequest request, string? preferredPool, int maxAttempts)
{
    public ServiceRoutes Service => service;

    public InferenceRequest Request => request;

    /// <summary>The pool the routing table assigns, or null for "any replica".</summary>
    public string? PreferredPool => preferredPool;

    /// <summary>Replicas already tried by this request: a retry goes elsewhere.</summary>
    public HashSet<string> Tried { get; } = new(StringComparer.Ordinal);

    /// <summary>1 for the first try.</summary>
    public int Attempt { get; set; }

    public bool CanRetry => Attempt < maxAttempts;

    /// <summary>Set by the response transform when it held back a 502/503/504 so this try can be retried.</summary>
    public bool RetryableStatus { get; set; }

    /// <summary>The replica of the current try (set by the load balancer).</summary>
    public RoutableReplica? Replica { get; set; }
}
