using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Tests.Admin;

/// <summary>
/// Forwards to a real store, but lets a test run an action between a service update's read and its write (inside
/// the change function), e.g. a concurrent writer's raw write, so the store's ETag check fails for real.
/// </summary>
internal sealed class InterferingStateStore(IStateStore inner) : IStateStore
{
    /// <summary>Runs (once) inside the next service update's change function.</summary>
    public Action<ServiceRecord>? BeforeServiceWrite { get; set; }

    public Task<ServiceRecord> UpdateServiceAsync(string name, Func<ServiceRecord, ServiceRecord> change, CancellationToken cancellationToken = default) =>
        inner.UpdateServiceAsync(
            name,
            s =>
            {
                var interfere = BeforeServiceWrite;
                BeforeServiceWrite = null;
                interfere?.Invoke(s);
                return change(s);
            },
            cancellationToken);

    public Task<ServiceRecord> CreateServiceAsync(string name, string specYaml, CancellationToken cancellationToken = default) =>
        inner.CreateServiceAsync(name, specYaml, cancellationToken);

    public Task<ServiceRecord?> GetServiceAsync(string name, CancellationToken cancellationToken = default) => inner.GetServiceAsync(name, cancellationToken);

    public Task<IReadOnlyList<ServiceRecord>> ListServicesAsync(CancellationToken cancellationToken = default) => inner.ListServicesAsync(cancellationToken);

    public Task<bool> DeleteServiceAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteServiceAsync(name, cancellationToken);

    public Task<ReplicaRecord> AddReplicaAsync(ReplicaRecord replica, string actor, CancellationToken cancellationToken = default) =>
        inner.AddReplicaAsync(replica, actor, cancellationToken);

    public Task<ReplicaRecord?> GetReplicaAsync(string service, string id, CancellationToken cancellationToken = default) =>
        inner.GetReplicaAsync(service, id, cancellationToken);

    public Task<IReadOnlyList<ReplicaRecord>> ListReplicasAsync(string service, CancellationToken cancellationToken = default) =>
        inner.ListReplicasAsync(service, cancellationToken);

    public Task<IReadOnlyList<ReplicaRecord>> ListAllReplicasAsync(CancellationToken cancellationToken = default) => inner.ListAllReplicasAsync(cancellationToken);

    public Task<IReadOnlyList<ReplicaRecord>> ListReplicasInStatusAsync(
        IReadOnlyCollection<ReplicaStatus> statuses, string? service = null, CancellationToken cancellationToken = default) =>
        inner.ListReplicasInStatusAsync(statuses, service, cancellationToken);

    public Task<ReplicaRecord> UpdateReplicaAsync(
        string service, string id, Func<Replica, Replica> change, string actor, CancellationToken cancellationToken = default) =>
        inner.UpdateReplicaAsync(service, id, change, actor, cancellationToken);

    public Task<ReplicaRecord> UpdateReplicaRecordAsync(
        string service, string id, Func<ReplicaRecord, ReplicaRecord> change, string actor, CancellationToken cancellationToken = default) =>
        inner.UpdateReplicaRecordAsync(service, id, change, actor, cancellationToken);

    public Task<IReadOnlyList<LocationRecord>> ListLocationsAsync(string service, CancellationToken cancellationToken = default) =>
        inner.ListLocationsAsync(service, cancellationToken);

    public Task<LocationRecord> UpdateLocationAsync(
        string service, Location location, Func<LocationRecord, LocationRecord> change, CancellationToken cancellationToken = default) =>
        inner.UpdateLocationAsync(service, location, change, cancellationToken);

    public Task<long> IncrementRequestCountAsync(
        string service, DateTimeOffset time, long count = 1, IReadOnlyDictionary<int, long>? sizes = null, CancellationToken cancellationToken = default) =>
        inner.IncrementRequestCountAsync(service, time, count, sizes, cancellationToken);

    public Task<IReadOnlyList<RequestCount>> GetRequestCountsAsync(
        string service, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        inner.GetRequestCountsAsync(service, since, until, cancellationToken);

    public Task AppendEventAsync(ReplicaEvent replicaEvent, CancellationToken cancellationToken = default) => inner.AppendEventAsync(replicaEvent, cancellationToken);

    public Task<IReadOnlyList<ReplicaEvent>> ListEventsAsync(string service, int max = 100, CancellationToken cancellationToken = default) =>
        inner.ListEventsAsync(service, max, cancellationToken);
}
