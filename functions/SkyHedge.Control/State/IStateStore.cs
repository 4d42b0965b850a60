using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>
/// The control plane's durable state: services, replicas, the spot placer's locations, the router's request counts
/// and an audit trail of replica changes. Implemented over Azure Table Storage by <see cref="TableStateStore"/>.
/// </summary>
/// <remarks>
/// <para><b>Concurrency.</b> Every update is optimistic: it reads the row with its ETag, applies the caller's change
/// function and writes only if the row is unchanged. A lost race re-reads and re-applies the change (bounded, with
/// jittered backoff), so a concurrent writer's change is never overwritten. Change functions may therefore run more
/// than once and must be pure (no I/O, no side effects); they see the latest row each time.</para>
/// <para><b>Errors common to every method.</b> <see cref="ArgumentException"/>: a name or key cannot be stored
/// (empty, too long, or containing <c>/ \ # ?</c> or control characters). <see cref="StateConflictException"/>: an
/// update lost the race on every attempt; nothing was written by that call. <see cref="InvalidDataException"/>: a
/// stored row cannot be read (written by something else). <see cref="Azure.RequestFailedException"/>: storage
/// itself failed (network, auth, throttling after the SDK's own retries). Tables are created on first use.</para>
/// <para><b>Time.</b> Times are <see cref="DateTimeOffset"/>, stored and returned as UTC; equality is by instant.</para>
/// </remarks>
public interface IStateStore
{
    /// <summary>Creates a service at version 1, <see cref="ServiceStatus.Active"/>.</summary>
    /// <param name="specYaml">The validated spec text (at most 32,000 characters).</param>
    /// <exception cref="StateAlreadyExistsException">A service of that name exists; it is left unchanged.</exception>
    Task<ServiceRecord> CreateServiceAsync(string name, string specYaml, CancellationToken cancellationToken = default);

    /// <summary>The service, or null when there is none.</summary>
    Task<ServiceRecord?> GetServiceAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every service, by name.</summary>
    Task<IReadOnlyList<ServiceRecord>> ListServicesAsync(CancellationToken cancellationToken = default);

    /// <summary>Optimistically updates a service's spec, status and/or routing table. The store keeps the name and
    /// <see cref="ServiceRecord.CreatedAt"/>, stamps <see cref="ServiceRecord.UpdatedAt"/>, and increments
    /// <see cref="ServiceRecord.Version"/> exactly when the spec text changed (the version <paramref name="change"/>
    /// returns is ignored; a routing change alone keeps it). A change that alters nothing writes nothing.</summary>
    /// <exception cref="StateNotFoundException">No such service.</exception>
    /// <exception cref="ArgumentException">The changed spec or routing text is longer than a column holds (see
    /// <see cref="ServiceEntityMapper"/>); nothing is written.</exception>
    Task<ServiceRecord> UpdateServiceAsync(string name, Func<ServiceRecord, ServiceRecord> change, CancellationToken cancellationToken = default);

    /// <summary>Deletes the service row (its replica, location, count and event rows stay for cost reports and
    /// audits). True when it existed; deleting a missing service succeeds with false.</summary>
    Task<bool> DeleteServiceAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Inserts a replica row and appends a <see cref="ReplicaEventActions.Created"/> event.</summary>
    /// <param name="actor">Who creates it, for the audit trail.</param>
    /// <exception cref="StateAlreadyExistsException">A replica with that service and id exists; it is not
    /// overwritten (a replayed launch should read it back).</exception>
    Task<ReplicaRecord> AddReplicaAsync(ReplicaRecord replica, string actor, CancellationToken cancellationToken = default);

    /// <summary>The replica, or null when there is none.</summary>
    Task<ReplicaRecord?> GetReplicaAsync(string service, string id, CancellationToken cancellationToken = default);

    /// <summary>Every replica row of a service (terminal ones included: cost reports need them), by id.</summary>
    Task<IReadOnlyList<ReplicaRecord>> ListReplicasAsync(string service, CancellationToken cancellationToken = default);

    /// <summary>Every replica row of every service (the orphan sweep compares them with the clouds' instances).</summary>
    Task<IReadOnlyList<ReplicaRecord>> ListAllReplicasAsync(CancellationToken cancellationToken = default);

    /// <summary>The replica rows in one of <paramref name="statuses"/>, of one service or (null) of all, filtered by
    /// the table service so terminal rows kept for cost reports are never read (the router polls this).</summary>
    /// <exception cref="ArgumentException"><paramref name="statuses"/> is empty.</exception>
    Task<IReadOnlyList<ReplicaRecord>> ListReplicasInStatusAsync(
        IReadOnlyCollection<ReplicaStatus> statuses, string? service = null, CancellationToken cancellationToken = default);

    /// <summary>Optimistically changes the domain fields of a replica; see <see cref="UpdateReplicaRecordAsync"/>.
    /// Use <see cref="Replica.TransitionTo"/> in <paramref name="change"/> so times are stamped.</summary>
    Task<ReplicaRecord> UpdateReplicaAsync(
        string service, string id, Func<Replica, Replica> change, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Optimistically changes a replica row, then appends an event (<see cref="ReplicaEventActions.StatusChanged"/>
    /// or <see cref="ReplicaEventActions.Updated"/>, naming the changed fields) stamped with the store's clock.
    /// A change that alters nothing writes nothing (so replayed activities are harmless) and returns the row.
    /// </summary>
    /// <param name="change">Applied to the latest row; may run more than once (see remarks on the interface).</param>
    /// <param name="actor">Who or what makes the change, for the audit trail.</param>
    /// <returns>The row as written.</returns>
    /// <exception cref="StateNotFoundException">No such replica.</exception>
    /// <exception cref="InvalidOperationException">The status change is not an edge of
    /// <see cref="ReplicaStateMachine"/>, or the change altered the service or id. Nothing is written.</exception>
    /// <remarks>The event is appended after the row commits (they live in different tables, so one transaction
    /// cannot hold both): if that append fails, the change stands and the storage error propagates.</remarks>
    Task<ReplicaRecord> UpdateReplicaRecordAsync(
        string service, string id, Func<ReplicaRecord, ReplicaRecord> change, string actor, CancellationToken cancellationToken = default);

    /// <summary>The placer's rows for every location of a service seen so far.</summary>
    Task<IReadOnlyList<LocationRecord>> ListLocationsAsync(string service, CancellationToken cancellationToken = default);

    /// <summary>Optimistically changes one location's row, creating it first as
    /// <see cref="LocationRecord.Initial"/> when missing (two first writers do not overwrite each other). The
    /// history is trimmed to <see cref="TableStateStoreOptions.PreemptionHistoryLimit"/>, oldest dropped.</summary>
    /// <exception cref="InvalidOperationException">The change altered the service or location.</exception>
    Task<LocationRecord> UpdateLocationAsync(
        string service, Location location, Func<LocationRecord, LocationRecord> change, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="count"/> requests to the bucket (<see cref="RequestCount.BucketLength"/>) that holds <paramref name="time"/>
    /// (optimistic, so concurrent routers sum correctly). The router should aggregate and flush every few seconds
    /// rather than write per request: all writers of a bucket contend for one row.</summary>
    /// <param name="sizes">Of those requests, how many fell in each request-size cell (added to the bucket's
    /// histogram); null when unknown.</param>
    /// <returns>The bucket's new total.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    Task<long> IncrementRequestCountAsync(
        string service, DateTimeOffset time, long count = 1, IReadOnlyDictionary<int, long>? sizes = null, CancellationToken cancellationToken = default);

    /// <summary>Non-empty buckets with <paramref name="since"/> ≤ start &lt; <paramref name="until"/> (each bound
    /// rounded down to its bucket), oldest first.</summary>
    Task<IReadOnlyList<RequestCount>> GetRequestCountsAsync(
        string service, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Appends an audit event (never overwrites one: each gets a unique row key).</summary>
    Task AppendEventAsync(ReplicaEvent replicaEvent, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="max"/> events of a service, newest first.</summary>
    Task<IReadOnlyList<ReplicaEvent>> ListEventsAsync(string service, int max = 100, CancellationToken cancellationToken = default);
}
