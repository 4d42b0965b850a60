using SkyHedge.Core.Model;

namespace SkyHedge.Control.Router;

/// <summary>
/// Tells the router that a replica's status changed, so it re-reads that service's replicas now instead of at its
/// next poll of the table (every 2 s). The control plane calls it after the change is written; the table stays the
/// truth, and the push only shortens the window in which the router sends requests to a replica that is draining
/// or gone, or ignores one that just became ready.
/// </summary>
public interface IRouterNotifier
{
    /// <summary>Reports that <paramref name="replicaId"/> of <paramref name="service"/> is now
    /// <paramref name="status"/>; returns once the router has taken it in, or gave up.</summary>
    /// <remarks>Best effort: a router that is down, slow or refusing is logged and otherwise ignored (never
    /// thrown), because its poll catches up anyway and a transition must not fail or be retried for it.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (only the
    /// caller's own cancellation escapes).</exception>
    Task ReplicaChangedAsync(string service, string replicaId, ReplicaStatus status, CancellationToken cancellationToken);
}
