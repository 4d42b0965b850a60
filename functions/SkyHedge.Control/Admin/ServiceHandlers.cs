using SkyHedge.Control.Controller;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Admin;

/// <summary>Create, list, read, update and delete services. The store holds the truth; the controller is told
/// through the gateway and does the rest (launches, rolling replacement, shutdown).</summary>
internal sealed class ServiceHandlers(IStateStore store, IOrchestrationGateway gateway, ServiceViews views)
{
    public async Task<AdminResponse> CreateAsync(string body, string? contentType, CancellationToken cancellationToken)
    {
        var (input, problem) = SpecBody.Read(body, contentType);
        if (input is null)
        {
            return problem!;
        }

        ServiceRecord created;
        try
        {
            created = await store.CreateServiceAsync(input.Spec.Name, input.Yaml, cancellationToken).ConfigureAwait(false);
        }
        catch (StateAlreadyExistsException)
        {
            return Problems.Conflict($"Service '{input.Spec.Name}' already exists; update it with PUT /api/services/{input.Spec.Name}.");
        }

        // If this call fails the row stands: the watchdog starts a controller for every service without one.
        await gateway.StartControllerAsync(created.Name, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(201, created, cancellationToken, location: $"/api/services/{created.Name}").ConfigureAwait(false);
    }

    public async Task<AdminResponse> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<ServiceView>();
        foreach (var service in await store.ListServicesAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(await views.ServiceAsync(service, cancellationToken).ConfigureAwait(false));
        }

        return AdminJson.Response(200, list);
    }

    public async Task<AdminResponse> GetAsync(string name, CancellationToken cancellationToken)
    {
        var service = AdminNames.IsServiceName(name) ? await store.GetServiceAsync(name, cancellationToken).ConfigureAwait(false) : null;
        return service is null ? NoService(name) : await ViewAsync(200, service, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a new spec (a new version when the text changed; replicas then roll to it) and wakes the
    /// controller. A failed service is revived; one being deleted cannot be updated.</summary>
    public async Task<AdminResponse> UpdateAsync(string name, string body, string? contentType, string? ifMatch, CancellationToken cancellationToken)
    {
        if (!AdminNames.IsServiceName(name))
        {
            return NoService(name);
        }

        var (input, problem) = SpecBody.Read(body, contentType);
        if (input is null)
        {
            return problem!;
        }

        if (input.Spec.Name != name)
        {
            var (line, column) = SpecBody.NamePosition(input.Yaml);
            return Problems.InvalidSpec(
                [new SpecError(input.File, line, column, $"name: expected '{name}' (the service in the URL), got '{input.Spec.Name}'; a service cannot be renamed")]);
        }

        ServiceRecord updated;
        try
        {
            updated = await store.UpdateServiceAsync(
                name,
                s =>
                {
                    if (ifMatch is not null && !ServiceViews.Matches(ifMatch, s))
                    {
                        throw new ServiceChangeRejectedException(
                            $"Service '{name}' changed since you read it (If-Match {ifMatch}, now {ServiceViews.ETag(s)}); read it again and retry.");
                    }

                    if (s.Status == ServiceStatus.ShuttingDown)
                    {
                        throw new ServiceChangeRejectedException($"Service '{name}' is being deleted; create it again once it is gone.");
                    }

                    return s with { SpecYaml = input.Yaml, Status = ServiceStatus.Active };
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (StateNotFoundException)
        {
            return NoService(name);
        }
        catch (ServiceChangeRejectedException ex)
        {
            return Problems.Conflict(ex.Message);
        }
        catch (StateConflictException)
        {
            return Problems.Conflict($"Service '{name}' was being changed concurrently and this update lost every attempt; nothing was written. Retry.");
        }

        // Start is a no-op when it runs; it revives a controller that finished after a failure.
        await gateway.StartControllerAsync(name, cancellationToken).ConfigureAwait(false);
        await gateway.SignalControllerAsync(name, ServiceSignal.SpecUpdated, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(200, updated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the service shutting down and tells its controller, which terminates every replica and then
    /// deletes the row. Deleting a service already shutting down repeats the signal.</summary>
    public async Task<AdminResponse> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (!AdminNames.IsServiceName(name))
        {
            return NoService(name);
        }

        ServiceRecord down;
        try
        {
            down = await store.UpdateServiceAsync(name, s => s with { Status = ServiceStatus.ShuttingDown }, cancellationToken).ConfigureAwait(false);
        }
        catch (StateNotFoundException)
        {
            return NoService(name);
        }
        catch (StateConflictException)
        {
            return Problems.Conflict($"Service '{name}' was being changed concurrently and the delete lost every attempt; nothing was written. Retry.");
        }

        await gateway.StartControllerAsync(name, cancellationToken).ConfigureAwait(false);
        await gateway.SignalControllerAsync(name, ServiceSignal.Deleted, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(202, down, cancellationToken).ConfigureAwait(false);
    }

    internal static AdminResponse NoService(string name) => Problems.NotFound($"No service named '{name}'.");

    private async Task<AdminResponse> ViewAsync(int status, ServiceRecord service, CancellationToken cancellationToken, string? location = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ETag"] = ServiceViews.ETag(service) };
        if (location is not null)
        {
            headers["Location"] = location;
        }

        return AdminJson.Response(status, await views.ServiceAsync(service, cancellationToken).ConfigureAwait(false), headers);
    }
}
