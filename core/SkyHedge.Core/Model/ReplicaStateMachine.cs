using System.Collections.Frozen;

namespace SkyHedge.Core.Model;

/// <summary>
/// The one place that says which <see cref="ReplicaStatus"/> changes are legal.
/// </summary>
/// <remarks>
/// <para>Allowed edges (nothing else; no self-edges, so callers that may replay a write compare first):</para>
/// <list type="bullet">
/// <item><c>Pending → Provisioning</c>; <c>Provisioning → Starting | FailedProvision</c>;
/// <c>Starting → Ready | FailedInitialDelay</c>.</item>
/// <item><c>Ready → NotReady | Draining</c>; <c>NotReady → Ready | Draining | FailedProbing</c>.</item>
/// <item><c>Draining → ShuttingDown</c>; <c>ShuttingDown → Terminated | FailedCleanup</c>.</item>
/// <item>Every non-terminal state → <c>ShuttingDown</c> (terminate now, without draining) and → <c>Failed</c>.</item>
/// <item>Every non-terminal state that has an instance (all but <c>Pending</c>) → <c>Preempted</c>. This includes
/// <c>Draining</c> (the usual path after an interruption notice) and <c>ShuttingDown</c> (the cloud reclaimed the
/// VM before our delete landed: record what really happened).</item>
/// </list>
/// <para>A launch failure always passes through <c>Provisioning</c> (set before the cloud call), so
/// <c>Pending → FailedProvision</c> is not an edge.</para>
/// <para>Terminal states (<see cref="IsTerminal"/>) have no exits: a replacement is a new replica.</para>
/// </remarks>
public static class ReplicaStateMachine
{
    private static readonly ReplicaStatus[] Terminal =
    [
        ReplicaStatus.Terminated, ReplicaStatus.Preempted, ReplicaStatus.FailedProvision, ReplicaStatus.FailedInitialDelay,
        ReplicaStatus.FailedProbing, ReplicaStatus.Failed, ReplicaStatus.FailedCleanup,
    ];

    private static readonly FrozenDictionary<ReplicaStatus, ReplicaStatus[]> Edges = BuildEdges();

    /// <summary>True when the replica is over: no instance is (meant to be) running and no edge leaves the state.</summary>
    public static bool IsTerminal(ReplicaStatus status) => Terminal.Contains(status);

    /// <summary>
    /// True for the <c>Failed*</c> states. <see cref="ReplicaStatus.Preempted"/> is terminal but NOT a failure:
    /// failures say something is wrong with the service or its config (and feed "stop relaunching" decisions),
    /// while preemption is the expected cost of spot and must not trip them.
    /// </summary>
    public static bool IsFailure(ReplicaStatus status) => status is ReplicaStatus.FailedProvision or ReplicaStatus.FailedInitialDelay
        or ReplicaStatus.FailedProbing or ReplicaStatus.Failed or ReplicaStatus.FailedCleanup;

    /// <summary>True when the router may send traffic to a replica in this state.</summary>
    public static bool IsServing(ReplicaStatus status) => status == ReplicaStatus.Ready;

    /// <summary>The states reachable from <paramref name="from"/> in one step (empty for terminal states).</summary>
    public static IReadOnlyList<ReplicaStatus> AllowedFrom(ReplicaStatus from) => Edges.TryGetValue(from, out var to) ? to : [];

    /// <summary>Whether <paramref name="from"/> → <paramref name="to"/> is an allowed edge.</summary>
    public static bool CanTransition(ReplicaStatus from, ReplicaStatus to) => AllowedFrom(from).Contains(to);

    /// <summary>Returns <paramref name="to"/> if the edge is allowed.</summary>
    /// <exception cref="InvalidOperationException">The edge is not allowed; the message lists what is.</exception>
    public static ReplicaStatus Transition(ReplicaStatus from, ReplicaStatus to)
    {
        if (CanTransition(from, to))
        {
            return to;
        }

        var allowed = AllowedFrom(from);
        var options = allowed.Count == 0 ? $"{from} is terminal and has no exits" : $"allowed from {from}: {string.Join(", ", allowed)}";
        throw new InvalidOperationException($"Replica status cannot change from {from} to {to}; {options}.");
    }

    private static FrozenDictionary<ReplicaStatus, ReplicaStatus[]> BuildEdges()
    {
        var edges = new Dictionary<ReplicaStatus, List<ReplicaStatus>>
        {
            [ReplicaStatus.Pending] = [ReplicaStatus.Provisioning],
            [ReplicaStatus.Provisioning] = [ReplicaStatus.Starting, ReplicaStatus.FailedProvision],
            [ReplicaStatus.Starting] = [ReplicaStatus.Ready, ReplicaStatus.FailedInitialDelay],
            [ReplicaStatus.Ready] = [ReplicaStatus.NotReady, ReplicaStatus.Draining],
            [ReplicaStatus.NotReady] = [ReplicaStatus.Ready, ReplicaStatus.Draining, ReplicaStatus.FailedProbing],
            [ReplicaStatus.Draining] = [],
            [ReplicaStatus.ShuttingDown] = [ReplicaStatus.Terminated, ReplicaStatus.FailedCleanup],
        };

        foreach (var (from, to) in edges)
        {
            if (from != ReplicaStatus.ShuttingDown)
            {
                to.Add(ReplicaStatus.ShuttingDown);
            }

            if (from != ReplicaStatus.Pending)
            {
                to.Add(ReplicaStatus.Preempted);
            }

            to.Add(ReplicaStatus.Failed);
        }

        return edges.ToFrozenDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
