using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;

namespace SkyHedge.Control.Admin;

/// <summary>
/// <c>POST /api/notices</c>: a replica's watcher reports that its cloud announced an interruption (AWS
/// <c>spot/instance-action</c>, Azure Scheduled Events <c>Preempt</c>, GCP <c>instance/preempted</c>). The caller
/// proves it is that replica with the replica's own token; the replica's orchestration then drains it while the
/// notice lasts. Any wrong detail (unknown replica, wrong token) is the same 401, so the endpoint reveals nothing
/// about which replicas exist.
/// </summary>
internal sealed class NoticeHandler(IStateStore store, IOrchestrationGateway gateway, TimeProvider time)
{
    /// <summary>The notice kinds watchers send: the clouds' words for "this instance is going away".</summary>
    private static readonly string[] Kinds = ["preemption", "terminate", "stop", "hibernate"];

    /// <summary>Who heard the notice (the audit event's actor): the replica's own watcher (the default) or the
    /// control plane's EventBridge channel (<see cref="NoticeRelay"/>).</summary>
    private static readonly string[] Sources = [AdminEventActions.NoticeWatcher, AdminEventActions.EventBridge];

    public async Task<AdminResponse> PostAsync(string body, string? replicaToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(replicaToken))
        {
            return Problems.Unauthorized("A notice must carry its replica's token: 'Authorization: Bearer TOKEN'.");
        }

        var (obj, problem) = JsonBody.Object(body, "service", "replica_id", "kind", "source");
        if (obj is null)
        {
            return problem!;
        }

        var (service, p1) = JsonBody.String(obj, "service", required: true);
        var (id, p2) = JsonBody.String(obj, "replica_id", required: true);
        var (kind, p3) = JsonBody.String(obj, "kind", required: true);
        var (source, p4) = JsonBody.String(obj, "source", required: false);
        if ((p1 ?? p2 ?? p3 ?? p4) is { } invalid)
        {
            return invalid;
        }

        source ??= AdminEventActions.NoticeWatcher;
        if (!Sources.Contains(source, StringComparer.Ordinal))
        {
            return Problems.BadRequest($"Field 'source': expected one of {string.Join(", ", Sources.Select(k => $"'{k}'"))}, got '{source}'.");
        }

        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return Problems.BadRequest($"Field 'kind': expected one of {string.Join(", ", Kinds.Select(k => $"'{k}'"))}, got '{kind}'.");
        }

        var row = AdminNames.IsServiceName(service) && AdminNames.IsRowKey(id)
            ? await store.GetReplicaAsync(service!, id!, cancellationToken).ConfigureAwait(false)
            : null;
        if (row is null || !row.MatchesToken(replicaToken))
        {
            return Problems.Unauthorized("The token is not the named replica's token.");
        }

        await store.AppendEventAsync(
            new ReplicaEvent(row.Service, row.Id, time.GetUtcNow(), source, AdminEventActions.InterruptionNotice, Reason: kind),
            cancellationToken).ConfigureAwait(false);
        await gateway.SignalReplicaAsync(row.Service, row.Id, ReplicaSignal.InterruptionNotice, cancellationToken).ConfigureAwait(false);
        return AdminJson.Response(202, new { row.Service, ReplicaId = row.Id, Signal = ReplicaSignal.InterruptionNotice });
    }
}
