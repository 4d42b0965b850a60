using Azure;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>The replica half of <see cref="TableStateStore"/>: inserts that never overwrite, optimistic updates
/// validated by <see cref="ReplicaStateMachine"/>, and the audit event each write leaves behind.</summary>
internal sealed class ReplicaRows(StateTable replicas, StateTable events, OptimisticRetry retry, TimeProvider time)
{
    public async Task<ReplicaRecord> AddAsync(ReplicaRecord record, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var entity = ReplicaEntityMapper.ToEntity(record);
        try
        {
            await replicas.AddAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new StateAlreadyExistsException(What(record.Service, record.Id), ex);
        }

        var stored = ReplicaEntityMapper.FromEntity(entity);
        await AppendAsync(
            new ReplicaEvent(record.Service, record.Id, time.GetUtcNow(), actor, ReplicaEventActions.Created, null, record.Replica.Status, record.Replica.Reason),
            cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<ReplicaRecord?> GetAsync(string service, string id, CancellationToken cancellationToken)
    {
        var entity = await replicas.GetAsync(TableKeys.Check(service, "service"), TableKeys.Check(id, "replica id"), cancellationToken)
            .ConfigureAwait(false);
        return entity is null ? null : ReplicaEntityMapper.FromEntity(entity);
    }

    public async Task<IReadOnlyList<ReplicaRecord>> ListAsync(string? service, CancellationToken cancellationToken)
    {
        var filter = service is null ? null : Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Check(service, "service")}");
        var rows = await replicas.QueryAsync(filter, null, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ReplicaEntityMapper.FromEntity)];
    }

    public async Task<IReadOnlyList<ReplicaRecord>> ListInStatusAsync(
        IReadOnlyCollection<ReplicaStatus> statuses, string? service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            throw new ArgumentException("Name at least one status.", nameof(statuses));
        }

        // Enum names are plain identifiers, so they can be inlined into the filter without escaping.
        var anyStatus = "(" + string.Join(" or ", statuses.Distinct().Select(s => $"Status eq '{s}'")) + ")";
        var filter = service is null
            ? anyStatus
            : Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Check(service, "service")}") + " and " + anyStatus;
        var rows = await replicas.QueryAsync(filter, null, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ReplicaEntityMapper.FromEntity)];
    }

    public async Task<ReplicaRecord> UpdateAsync(
        string service, string id, Func<ReplicaRecord, ReplicaRecord> change, string actor, CancellationToken cancellationToken)
    {
        TableKeys.Check(service, "service");
        TableKeys.Check(id, "replica id");
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var what = What(service, id);
        var (before, after, changed) = await retry.RunAsync(
            what,
            async ct =>
            {
                var current = await replicas.GetAsync(service, id, ct).ConfigureAwait(false) ?? throw new StateNotFoundException(what);
                var old = ReplicaEntityMapper.FromEntity(current);
                var updated = change(old) ?? throw new InvalidOperationException($"The change to {what} returned null.");
                Validate(what, old, updated);
                var entity = ReplicaEntityMapper.ToEntity(updated);
                var columns = ReplicaEntityMapper.ChangedColumns(ReplicaEntityMapper.ToEntity(old), entity);
                if (columns.Length > 0)
                {
                    await replicas.ReplaceAsync(entity, current.ETag, ct).ConfigureAwait(false);
                }

                return (old, ReplicaEntityMapper.FromEntity(entity), columns);
            },
            cancellationToken).ConfigureAwait(false);

        if (changed.Length > 0)
        {
            // After the commit, outside the retry loop: one event per committed change, however many attempts it took.
            var statusChanged = before.Replica.Status != after.Replica.Status;
            await AppendAsync(
                new ReplicaEvent(
                    service,
                    id,
                    time.GetUtcNow(),
                    actor,
                    statusChanged ? ReplicaEventActions.StatusChanged : ReplicaEventActions.Updated,
                    statusChanged ? before.Replica.Status : null,
                    statusChanged ? after.Replica.Status : null,
                    after.Replica.Reason,
                    changed),
                cancellationToken).ConfigureAwait(false);
        }

        return after;
    }

    public async Task AppendAsync(ReplicaEvent replicaEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replicaEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(replicaEvent.Actor, nameof(replicaEvent));
        ArgumentException.ThrowIfNullOrWhiteSpace(replicaEvent.Action, nameof(replicaEvent));
        await events.AddAsync(EventEntityMapper.ToEntity(replicaEvent), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReplicaEvent>> ListEventsAsync(string service, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Check(service, "service")}");
        var rows = await events.QueryAsync(filter, max, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(EventEntityMapper.FromEntity)];
    }

    private static void Validate(string what, ReplicaRecord before, ReplicaRecord after)
    {
        if (after.Service != before.Service || after.Id != before.Id)
        {
            throw new InvalidOperationException($"A change to {what} cannot move it to {after.Service}/{after.Id}: service and id are its keys.");
        }

        if (after.Replica.Status != before.Replica.Status)
        {
            // Throws InvalidOperationException naming the allowed edges; nothing has been written yet.
            ReplicaStateMachine.Transition(before.Replica.Status, after.Replica.Status);
        }
    }

    private static string What(string service, string id) => $"replica {service}/{id}";
}
