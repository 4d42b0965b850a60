using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>What <see cref="NoticeRelay.RelayAsync"/> did with one cloud-side notice.</summary>
public enum NoticeRelayOutcome
{
    /// <summary>Posted to <c>/api/notices</c> and accepted: the replica drains.</summary>
    Relayed,

    /// <summary>A rebalance recommendation: written to the replica's audit trail, no drain.</summary>
    Recorded,

    /// <summary>No live replica runs on that instance (not ours, or already over): nothing to do.</summary>
    NotOurs,
}

/// <summary>
/// Notices the cloud delivers to the control plane (an EventBridge event from SQS) name an instance, not a replica.
/// The relay finds the live replica on that instance and posts the same <c>/api/notices</c> request its own watcher
/// would, with the replica's token, so both channels take one path (audit event, drain signal) and a notice heard
/// on both is harmless. Built per batch: the replica table is read once, on first use.
/// </summary>
public sealed class NoticeRelay(IStateStore store, AdminApi api, TimeProvider? time = null)
{
    private Dictionary<string, ReplicaRecord>? _byInstance;

    /// <param name="instanceId">The instance id as the adapter names it (e.g. <c>us-east-2/i-…</c>).</param>
    /// <param name="kind"><c>terminate</c>, <c>stop</c>, <c>hibernate</c> or <c>preemption</c> (drain), or
    /// <c>rebalance</c> (recorded only).</param>
    /// <exception cref="InvalidOperationException">The admin API refused the notice (the message has its answer).</exception>
    public async Task<NoticeRelayOutcome> RelayAsync(string instanceId, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(kind);
        _byInstance ??= (await store.ListAllReplicasAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.InstanceId is not null && !ReplicaStateMachine.IsTerminal(r.Replica.Status))
            .GroupBy(r => r.InstanceId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (!_byInstance.TryGetValue(instanceId, out var row))
        {
            return NoticeRelayOutcome.NotOurs;
        }

        if (kind == "rebalance")
        {
            await store.AppendEventAsync(
                new ReplicaEvent(row.Service, row.Id, (time ?? TimeProvider.System).GetUtcNow(), AdminEventActions.EventBridge, AdminEventActions.RebalanceRecommendation, Reason: instanceId),
                cancellationToken).ConfigureAwait(false);
            return NoticeRelayOutcome.Recorded;
        }

        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["service"] = row.Service,
            ["replica_id"] = row.Id,
            ["kind"] = kind,
            ["source"] = AdminEventActions.EventBridge,
        });
        var response = await api.HandleAsync(
            new AdminRequest("POST", "/api/notices", [new("Authorization", $"Bearer {row.ReplicaToken}"), new("Content-Type", "application/json")], body),
            cancellationToken).ConfigureAwait(false);
        return response.StatusCode == 202
            ? NoticeRelayOutcome.Relayed
            : throw new InvalidOperationException($"/api/notices refused the notice for {row.Service}/{row.Id}: {response.StatusCode} {response.Body}");
    }
}
