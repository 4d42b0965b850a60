using SkyHedge.Core.Model;

namespace SkyHedge.Control.Router;

/// <summary>The notifier when no router URL is configured: the router (if any) learns changes by polling.</summary>
internal sealed class NoRouterNotifier : IRouterNotifier
{
    public static NoRouterNotifier Instance { get; } = new();

    public Task ReplicaChangedAsync(string service, string replicaId, ReplicaStatus status, CancellationToken cancellationToken) => Task.CompletedTask;
}
