using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using SkyHedge.Router.Replicas;

namespace SkyHedge.Router.Pipeline;

/// <summary>
/// Picks the replica for one try. Candidates are the service's replicas that are not draining and not yet tried by
/// this request. They are grouped by pool (GPU type): the routing table's pool first; if it has no candidate, the
/// next larger GPU, then the next smaller (a bigger GPU serves a small request, only slower per dollar). Within the
/// pool, replicas that just failed a connection are used only as a last resort, and the service's policy picks:
/// fewest in-flight requests per unit of GPU capacity (default), fewest in-flight, or round robin.
/// </summary>
internal sealed class PoolLoadBalancer(ReplicaSet replicas, SuspectReplicas suspects) : ILoadBalancingPolicy
{
    public const string Name = "SkyHedgePools";

    private readonly ConcurrentDictionary<string, int> _turns = new(StringComparer.Ordinal);

    string ILoadBalancingPolicy.Name => Name;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var plan = context.Features.Get<RequestPlan>();
        if (plan is null)
        {
            return null; // only admitted requests are proxied
        }

        var snapshot = replicas.Current;
        var candidates = new List<(DestinationState Destination, RoutableReplica Replica)>(availableDestinations.Count);
        foreach (var destination in availableDestinations)
        {
            if (snapshot.Replicas.TryGetValue(destination.DestinationId, out var replica) && !replica.Draining && !plan.Tried.Contains(replica.Key))
            {
                candidates.Add((destination, replica));
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var group = PreferredGroup(candidates, plan.PreferredPool);
        if (group.Exists(c => suspects.IsSuspect(c.Replica.Key)))
        {
            var healthy = group.FindAll(c => !suspects.IsSuspect(c.Replica.Key));
            group = healthy.Count > 0 ? healthy : group;
        }

        var pick = Pick(group, plan.Service);
        plan.Replica = pick.Replica;
        return pick.Destination;
    }

    private static List<(DestinationState Destination, RoutableReplica Replica)> PreferredGroup(
        List<(DestinationState Destination, RoutableReplica Replica)> candidates, string? preferred)
    {
        if (preferred is null)
        {
            return candidates; // no table, or no rule matched: one pool of everything
        }

        if (candidates.TrueForAll(c => c.Replica.Pool == preferred))
        {
            return candidates; // the common case: a single-pool service, or only the wanted pool is up
        }

        var inPool = candidates.FindAll(c => c.Replica.Pool == preferred);
        if (inPool.Count > 0)
        {
            return inPool;
        }

        var preferredCapacity = Core.Catalog.GpuCatalog.Default.RelativeCapacity(preferred);
        var next = candidates
            .GroupBy(c => c.Replica.Pool)
            .OrderBy(g => g.First().Replica.Capacity >= preferredCapacity ? 0 : 1)
            .ThenBy(g => g.First().Replica.Capacity >= preferredCapacity ? g.First().Replica.Capacity : -g.First().Replica.Capacity)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First();
        return [.. next];
    }

    private (DestinationState Destination, RoutableReplica Replica) Pick(
        List<(DestinationState Destination, RoutableReplica Replica)> group, ServiceRoutes service)
    {
        if (group.Count == 1)
        {
            return group[0];
        }

        if (service.Policy == LoadBalancing.RoundRobin)
        {
            group.Sort((a, b) => string.CompareOrdinal(a.Replica.Key, b.Replica.Key));
            var turn = _turns.AddOrUpdate(service.Name, 0, (_, n) => unchecked(n + 1));
            return group[(int)((uint)turn % (uint)group.Count)];
        }

        // Ties are broken at random so equally loaded replicas share a burst instead of the first one taking it.
        var best = -1;
        var bestLoad = double.MaxValue;
        var ties = 0;
        for (var i = 0; i < group.Count; i++)
        {
            var inFlight = group[i].Destination.ConcurrentRequestCount;
            var load = service.Policy == LoadBalancing.LeastLoad ? inFlight : (inFlight + 1) / group[i].Replica.Capacity;
            if (load < bestLoad)
            {
                (best, bestLoad, ties) = (i, load, 1);
            }
            else if (load == bestLoad && Random.Shared.Next(++ties) == 0)
            {
                best = i;
            }
        }

        return group[best];
    }
}
