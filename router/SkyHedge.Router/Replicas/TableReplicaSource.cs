using Microsoft.Extensions.Logging;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Routing;
using SkyHedge.Core.Spec;

namespace SkyHedge.Router.Replicas;

/// <summary>Reads services and their Ready/Draining replica rows from the control plane's tables. Only rows in
/// those two states are read (a server-side filter), so the poll's cost does not grow with history.</summary>
internal sealed partial class TableReplicaSource(IStateStore store, RouterOptions options, ILogger<TableReplicaSource> logger) : IReplicaSource
{
    private static readonly ReplicaStatus[] Routable = [ReplicaStatus.Ready, ReplicaStatus.Draining];

    public async Task<IReadOnlyList<ServiceRoutes>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var services = await store.ListServicesAsync(cancellationToken).ConfigureAwait(false);
        var rows = await store.ListReplicasInStatusAsync(Routable, null, cancellationToken).ConfigureAwait(false);
        var byService = rows.ToLookup(r => r.Service, StringComparer.Ordinal);
        return [.. services.Select(s => Build(s, byService[s.Name]))];
    }

    public async Task<ServiceRoutes?> LoadServiceAsync(string name, CancellationToken cancellationToken)
    {
        var service = await store.GetServiceAsync(name, cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            return null;
        }

        var rows = await store.ListReplicasInStatusAsync(Routable, name, cancellationToken).ConfigureAwait(false);
        return Build(service, rows);
    }

    private ServiceRoutes Build(ServiceRecord service, IEnumerable<ReplicaRecord> rows)
    {
        ServiceSpec? spec = null;
        try
        {
            spec = ServiceSpecParser.Parse(service.SpecYaml, $"{service.Name}.yaml");
        }
        catch (SpecException ex)
        {
            // The admin API validates specs before storing them; a row that fails here was written by something else.
            LogBadSpec(logger, service.Name, ex.Message);
        }

        var routing = RoutingTable.Empty;
        try
        {
            routing = RoutingTable.Parse(service.Routing);
        }
        catch (FormatException ex)
        {
            LogBadRouting(logger, service.Name, ex.Message);
        }

        var replicas = rows
            .Where(r => !string.IsNullOrEmpty(r.Address) && Uri.TryCreate(r.Address, UriKind.Absolute, out _))
            .Select(r => ServiceRoutesFactory.Replica(
                service.Name, r.Id, r.Address!, r.ReplicaToken, r.Replica.Accelerator, r.Replica.Zone, r.Replica.Market.ToString(),
                r.Replica.Status == ReplicaStatus.Draining));
        return ServiceRoutesFactory.Service(
            service.Name,
            ServiceRoutesFactory.Policy(spec?.Service.LoadBalancingPolicy),
            routing,
            ServiceRoutesFactory.DefaultMaxTokens(spec, options.DefaultMaxTokens),
            replicas);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: stored spec does not parse ({Error}); routing with defaults.")]
    private static partial void LogBadSpec(ILogger logger, string service, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: stored routing table is invalid ({Error}); using one pool of all replicas.")]
    private static partial void LogBadRouting(ILogger logger, string service, string error);
}
