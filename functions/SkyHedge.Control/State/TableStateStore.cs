using Azure;
using Azure.Data.Tables;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>
/// <see cref="IStateStore"/> over Azure Table Storage (Azurite locally and in tests). Five tables, named
/// <c>{prefix}Services</c>, <c>{prefix}Replicas</c>, <c>{prefix}Locations</c>, <c>{prefix}RequestCounts</c> and
/// <c>{prefix}Events</c>, created on first use. Thread-safe; share one instance.
/// </summary>
public sealed class TableStateStore : IStateStore
{
    private readonly StateTable _services;
    private readonly StateTable _locations;
    private readonly StateTable _requestCounts;
    private readonly ReplicaRows _replicas;
    private readonly OptimisticRetry _retry;
    private readonly TimeProvider _time;
    private readonly int _historyLimit;

    /// <summary>A store over the account of a storage connection string (Azurite, or a key-based account).</summary>
    public TableStateStore(string connectionString, TableStateStoreOptions? options = null, TimeProvider? time = null)
        : this(new TableServiceClient(connectionString), options, time)
    {
    }

    /// <summary>A store over a configured client (in Azure: an endpoint and a managed-identity credential).</summary>
    /// <param name="time">Stamps service and event times; the system clock by default.</param>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="TableStateStoreOptions"/>).</exception>
    public TableStateStore(TableServiceClient client, TableStateStoreOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new TableStateStoreOptions();
        options.Validate();
        _time = time ?? TimeProvider.System;
        _retry = new OptimisticRetry(options);
        _historyLimit = options.PreemptionHistoryLimit;
        var prefix = options.TablePrefix;
        _services = new StateTable(client, prefix + "Services");
        _locations = new StateTable(client, prefix + "Locations");
        _requestCounts = new StateTable(client, prefix + "RequestCounts");
        _replicas = new ReplicaRows(new StateTable(client, prefix + "Replicas"), new StateTable(client, prefix + "Events"), _retry, _time);
    }

    /// <inheritdoc/>
    public async Task<ServiceRecord> CreateServiceAsync(string name, string specYaml, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var record = new ServiceRecord(name, specYaml, 1, ServiceStatus.Active, now, now);
        var entity = ServiceEntityMapper.ToEntity(record);
        try
        {
            await _services.AddAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new StateAlreadyExistsException($"service {name}", ex);
        }

        return ServiceEntityMapper.FromEntity(entity);
    }

    /// <inheritdoc/>
    public async Task<ServiceRecord?> GetServiceAsync(string name, CancellationToken cancellationToken = default)
    {
        var entity = await _services.GetAsync(TableKeys.ServicePartition, TableKeys.Check(name, "service name"), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ServiceEntityMapper.FromEntity(entity);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ServiceRecord>> ListServicesAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _services.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.ServicePartition}"), null, cancellationToken)
            .ConfigureAwait(false);
        return [.. rows.Select(ServiceEntityMapper.FromEntity)];
    }

    /// <inheritdoc/>
    public Task<ServiceRecord> UpdateServiceAsync(string name, Func<ServiceRecord, ServiceRecord> change, CancellationToken cancellationToken = default)
    {
        TableKeys.Check(name, "service name");
        ArgumentNullException.ThrowIfNull(change);
        var what = $"service {name}";
        return _retry.RunAsync(
            what,
            async ct =>
            {
                var current = await _services.GetAsync(TableKeys.ServicePartition, name, ct).ConfigureAwait(false) ?? throw new StateNotFoundException(what);
                var before = ServiceEntityMapper.FromEntity(current);
                var proposed = change(before) ?? throw new InvalidOperationException($"The change to {what} returned null.");
                if (proposed.Name != before.Name)
                {
                    throw new InvalidOperationException($"A change to {what} cannot rename it to {proposed.Name}.");
                }

                if (proposed.SpecYaml == before.SpecYaml && proposed.Status == before.Status && proposed.Routing == before.Routing)
                {
                    return before;
                }

                // Only the spec is versioned: replicas roll to a new version, and a routing change must not roll them.
                var after = proposed with
                {
                    Version = before.Version + (proposed.SpecYaml == before.SpecYaml ? 0 : 1),
                    CreatedAt = before.CreatedAt,
                    UpdatedAt = _time.GetUtcNow(),
                };
                var entity = ServiceEntityMapper.ToEntity(after);
                await _services.ReplaceAsync(entity, current.ETag, ct).ConfigureAwait(false);
                return ServiceEntityMapper.FromEntity(entity);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteServiceAsync(string name, CancellationToken cancellationToken = default) =>
        _services.DeleteAsync(TableKeys.ServicePartition, TableKeys.Check(name, "service name"), cancellationToken);

    /// <inheritdoc/>
    public Task<ReplicaRecord> AddReplicaAsync(ReplicaRecord replica, string actor, CancellationToken cancellationToken = default) =>
        _replicas.AddAsync(replica, actor, cancellationToken);

    /// <inheritdoc/>
    public Task<ReplicaRecord?> GetReplicaAsync(string service, string id, CancellationToken cancellationToken = default) =>
        _replicas.GetAsync(service, id, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReplicaRecord>> ListReplicasAsync(string service, CancellationToken cancellationToken = default) =>
        _replicas.ListAsync(service ?? throw new ArgumentNullException(nameof(service)), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReplicaRecord>> ListAllReplicasAsync(CancellationToken cancellationToken = default) =>
        _replicas.ListAsync(null, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReplicaRecord>> ListReplicasInStatusAsync(
        IReadOnlyCollection<ReplicaStatus> statuses, string? service = null, CancellationToken cancellationToken = default) =>
        _replicas.ListInStatusAsync(statuses, service, cancellationToken);

    /// <inheritdoc/>
    public Task<ReplicaRecord> UpdateReplicaAsync(
        string service, string id, Func<Replica, Replica> change, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _replicas.UpdateAsync(service, id, r => r with { Replica = change(r.Replica) }, actor, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ReplicaRecord> UpdateReplicaRecordAsync(
        string service, string id, Func<ReplicaRecord, ReplicaRecord> change, string actor, CancellationToken cancellationToken = default) =>
        _replicas.UpdateAsync(service, id, change, actor, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LocationRecord>> ListLocationsAsync(string service, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Check(service, "service")}");
        var rows = await _locations.QueryAsync(filter, null, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(e => LocationEntityMapper.FromEntity(e, _historyLimit))];
    }

    /// <inheritdoc/>
    public Task<LocationRecord> UpdateLocationAsync(
        string service, Location location, Func<LocationRecord, LocationRecord> change, CancellationToken cancellationToken = default)
    {
        TableKeys.Check(service, "service");
        var key = TableKeys.Location(location);
        ArgumentNullException.ThrowIfNull(change);
        var what = $"location {service}/{location}";
        return _retry.RunAsync(
            what,
            async ct =>
            {
                var current = await _locations.GetAsync(service, key, ct).ConfigureAwait(false);
                var before = current is null ? LocationRecord.Initial(service, location) : LocationEntityMapper.FromEntity(current, _historyLimit);
                var after = change(before) ?? throw new InvalidOperationException($"The change to {what} returned null.");
                if (after.Service != service || after.Location != location)
                {
                    throw new InvalidOperationException($"A change to {what} cannot move it to {after.Service}/{after.Location}.");
                }

                var entity = LocationEntityMapper.ToEntity(after, _historyLimit);
                if (current is null)
                {
                    await _locations.AddAsync(entity, ct).ConfigureAwait(false); // 409: another first writer won; retried.
                }
                else
                {
                    await _locations.ReplaceAsync(entity, current.ETag, ct).ConfigureAwait(false);
                }

                return LocationEntityMapper.FromEntity(entity, _historyLimit);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> IncrementRequestCountAsync(
        string service, DateTimeOffset time, long count = 1, IReadOnlyDictionary<int, long>? sizes = null, CancellationToken cancellationToken = default)
    {
        TableKeys.Check(service, "service");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var bucket = TableKeys.CountBucket(time);
        return _retry.RunAsync(
            $"request count {service}/{bucket}",
            async ct =>
            {
                var current = await _requestCounts.GetAsync(service, bucket, ct).ConfigureAwait(false);
                var total = (current is null ? 0 : EntityColumns.Long(current, "Count")) + count;
                var entity = new TableEntity(service, bucket) { ["Count"] = total };
                var histogram = RequestCount.ParseSizes(current?.GetString("Sizes"));
                foreach (var (cell, n) in sizes ?? new Dictionary<int, long>())
                {
                    histogram[cell] = histogram.GetValueOrDefault(cell) + n;
                }

                if (histogram.Count > 0)
                {
                    entity["Sizes"] = RequestCount.FormatSizes(histogram);
                }
                if (current is null)
                {
                    await _requestCounts.AddAsync(entity, ct).ConfigureAwait(false);
                }
                else
                {
                    await _requestCounts.ReplaceAsync(entity, current.ETag, ct).ConfigureAwait(false);
                }

                return total;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RequestCount>> GetRequestCountsAsync(
        string service, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableKeys.Check(service, "service")} and RowKey ge {TableKeys.CountBucket(since)} and RowKey lt {TableKeys.CountBucket(until)}");
        var rows = await _requestCounts.QueryAsync(filter, null, cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Select(e => (Start: TableKeys.ParseCountBucket(e.RowKey), Count: EntityColumns.Long(e, "Count"), Sizes: e.GetString("Sizes")))
            .Where(r => r.Start is not null)
            .Select(r => new RequestCount(r.Start!.Value, r.Count, r.Sizes is null ? null : RequestCount.ParseSizes(r.Sizes)))];
    }

    /// <inheritdoc/>
    public Task AppendEventAsync(ReplicaEvent replicaEvent, CancellationToken cancellationToken = default) =>
        _replicas.AppendAsync(replicaEvent, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReplicaEvent>> ListEventsAsync(string service, int max = 100, CancellationToken cancellationToken = default) =>
        _replicas.ListEventsAsync(service, max, cancellationToken);
}
