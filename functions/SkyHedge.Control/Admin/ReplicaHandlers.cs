using System.Globalization;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>Replicas and the audit trail of a service. Replica and event rows outlive the service row (cost
/// reports and audits), so these answer 404 only when there is neither a service nor any row.</summary>
internal sealed class ReplicaHandlers(IStateStore store, IOrchestrationGateway gateway, TimeProvider time, AdminApiOptions options)
{
    public async Task<AdminResponse> ListAsync(string name, CancellationToken cancellationToken)
    {
        if (!AdminNames.IsServiceName(name))
        {
            return ServiceHandlers.NoService(name);
        }

        var rows = await store.ListReplicasAsync(name, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 && await store.GetServiceAsync(name, cancellationToken).ConfigureAwait(false) is null
            ? ServiceHandlers.NoService(name)
            : AdminJson.Response(200, rows.Select(ServiceViews.Replica).ToList());
    }

    public async Task<AdminResponse> GetAsync(string name, string id, CancellationToken cancellationToken)
    {
        var row = await FindAsync(name, id, cancellationToken).ConfigureAwait(false);
        return row is null ? NoReplica(name, id) : AdminJson.Response(200, ServiceViews.Replica(row));
    }

    /// <summary>Asks the replica's orchestration to terminate it (the orchestration moves it through ShuttingDown
    /// to Terminated; the controller replaces it if the service still needs it). An ended replica is left as is.</summary>
    public async Task<AdminResponse> DeleteAsync(string name, string id, string actor, CancellationToken cancellationToken)
    {
        var row = await FindAsync(name, id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return NoReplica(name, id);
        }

        if (!ReplicaStateMachine.IsTerminal(row.Replica.Status))
        {
            await store.AppendEventAsync(
                new ReplicaEvent(name, id, time.GetUtcNow(), actor, AdminEventActions.TerminateRequested, Reason: "admin request"),
                cancellationToken).ConfigureAwait(false);
            await gateway.SignalReplicaAsync(name, id, ReplicaSignal.Terminate, cancellationToken).ConfigureAwait(false);
        }

        return AdminJson.Response(202, ServiceViews.Replica(row));
    }

    /// <summary>The newest events first; <paramref name="max"/> is the raw <c>?max=</c> value.</summary>
    public async Task<AdminResponse> EventsAsync(string name, string? max, CancellationToken cancellationToken)
    {
        if (!AdminNames.IsServiceName(name))
        {
            return ServiceHandlers.NoService(name);
        }

        var count = options.DefaultEventCount;
        if (max is not null
            && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > options.MaxEventCount))
        {
            return Problems.BadRequest($"Query parameter 'max': expected an integer from 1 to {options.MaxEventCount}, got '{max}'.");
        }

        var events = await store.ListEventsAsync(name, count, cancellationToken).ConfigureAwait(false);
        return events.Count == 0 && await store.GetServiceAsync(name, cancellationToken).ConfigureAwait(false) is null
            ? ServiceHandlers.NoService(name)
            : AdminJson.Response(200, events.OrderByDescending(e => e.Time).Select(ServiceViews.Event).ToList());
    }

    private async Task<ReplicaRecord?> FindAsync(string name, string id, CancellationToken cancellationToken) =>
        AdminNames.IsServiceName(name) && AdminNames.IsRowKey(id)
            ? await store.GetReplicaAsync(name, id, cancellationToken).ConfigureAwait(false)
            : null;

    private static AdminResponse NoReplica(string name, string id) => Problems.NotFound($"No replica '{id}' in service '{name}'.");
}
