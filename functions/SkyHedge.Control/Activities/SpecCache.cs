using System.Collections.Concurrent;
using SkyHedge.Control.State;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Activities;

/// <summary>Parsed specs by (service, version): a stored spec never changes, so it is parsed once.</summary>
public sealed class SpecCache(IStateStore store)
{
    private readonly ConcurrentDictionary<(string, int), ServiceSpec> _specs = new();

    public ServiceSpec Parse(ServiceRecord service) =>
        _specs.GetOrAdd((service.Name, service.Version), _ => ServiceSpecParser.Parse(service.SpecYaml, $"{service.Name}.yaml"));

    /// <summary>The spec a replica runs (its version's), or null when the service is gone.</summary>
    public async Task<ServiceSpec?> ForAsync(string service, CancellationToken cancellationToken)
    {
        var record = await store.GetServiceAsync(service, cancellationToken);
        return record is null ? null : Parse(record);
    }
}
