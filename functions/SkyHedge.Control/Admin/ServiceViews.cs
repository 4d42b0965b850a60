using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>Builds the admin API's views from stored rows.</summary>
internal sealed class ServiceViews(IStateStore store, CostCalculator cost, TimeProvider time)
{
    public async Task<ServiceView> ServiceAsync(ServiceRecord service, CancellationToken cancellationToken)
    {
        var replicas = await store.ListReplicasAsync(service.Name, cancellationToken).ConfigureAwait(false);
        var locations = await store.ListLocationsAsync(service.Name, cancellationToken).ConfigureAwait(false);
        return new ServiceView(
            service.Name,
            service.Version,
            service.Status,
            SpecJson.From(service.SpecYaml),
            [.. replicas.Select(Replica)],
            [.. locations.Select(Location)],
            cost.Compute(replicas, time.GetUtcNow()));
    }

    public static ReplicaView Replica(ReplicaRecord row)
    {
        var r = row.Replica;
        return new ReplicaView(
            r.Id, row.SpecVersion, r.Status, r.Cloud, r.Region, r.Zone, r.Market, r.Accelerator, r.InstanceType, r.HourlyPrice,
            r.LaunchTime, r.ReadyTime, r.EndTime, ReplicaStateMachine.IsTerminal(r.Status) ? r.Reason : null, row.Address);
    }

    public static LocationView Location(LocationRecord row) =>
        new(row.Location.Cloud, row.Location.Region, row.Location.Zone, row.State, row.PreemptionCount);

    public static EventView Event(ReplicaEvent e) => new(e.Time, e.ReplicaId, e.Actor, e.Action, e.FromStatus, e.ToStatus, e.Reason, e.Detail);

    /// <summary>The service's entity tag: changes with every stored change (spec, status or routing), so a client's
    /// <c>If-Match</c> detects any write since its read.</summary>
    public static string ETag(ServiceRecord service) => $"\"{service.Version}-{service.UpdatedAt.UtcTicks}\"";

    /// <summary>True when an <c>If-Match</c> value (a list of tags, or <c>*</c>) admits the service's tag.</summary>
    public static bool Matches(string ifMatch, ServiceRecord service)
    {
        var tag = ETag(service);
        return ifMatch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(t => t == "*" || (t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t) == tag);
    }
}
