using SkyHedge.Control.State;
using SkyHedge.Core.Routing;

namespace SkyHedge.Control.Admin;

/// <summary>
/// <c>GET/PUT/DELETE /api/services/{name}/routing</c>: the service's request-size routing table, a JSON list of
/// <c>{"input":[lo,hi],"output":[lo,hi],"pool":"GPU"}</c>. Validated by the core <see cref="RoutingTable"/> parser
/// (the router parses the stored text with the same code) and stored in its canonical form. The table is not part of
/// the spec: changing it keeps the service's version, rolls no replica and does not wake the controller; the router
/// picks it up on its next poll of the table.
/// </summary>
internal sealed class RoutingHandlers(IStateStore store)
{
    private static readonly string[] JsonTypes = ["application/json", "text/json"];

    /// <summary>200 with the stored list (<c>[]</c> when there is none); 404 for an unknown service.</summary>
    public async Task<AdminResponse> GetAsync(string name, CancellationToken cancellationToken)
    {
        var service = AdminNames.IsServiceName(name) ? await store.GetServiceAsync(name, cancellationToken).ConfigureAwait(false) : null;
        return service is null ? ServiceHandlers.NoService(name) : Table(service);
    }

    /// <summary>Validates and stores a table. 200 with the stored list; 400 (<c>invalid-routing</c>) with the
    /// parser's message; 404; 409 while the service is being deleted or when concurrent writers won every attempt;
    /// 413 when the stored form would not fit its column; 415 for a non-JSON content type. Nothing is written on
    /// any error.</summary>
    public async Task<AdminResponse> PutAsync(string name, string body, string? contentType, CancellationToken cancellationToken)
    {
        if (!AdminNames.IsServiceName(name))
        {
            return ServiceHandlers.NoService(name);
        }

        var media = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        if (media.Length > 0 && !JsonTypes.Contains(media) && !media.EndsWith("+json", StringComparison.Ordinal))
        {
            return Problems.UnsupportedMediaType($"Content-Type '{media}' is not JSON; send the routing table as application/json.");
        }

        // The parser reads blank text as the empty table (a row without one); in a request it is more likely a
        // client that forgot the body, so it must say [] (or DELETE) to clear the table.
        if (string.IsNullOrWhiteSpace(body))
        {
            return Problems.InvalidRouting("routing: expected a JSON list of {\"input\":[lo,hi],\"output\":[lo,hi],\"pool\":\"GPU\"}, got an empty body; send [] or DELETE to clear the table");
        }

        RoutingTable table;
        try
        {
            table = RoutingTable.Parse(body);
        }
        catch (FormatException ex)
        {
            return Problems.InvalidRouting(ex.Message);
        }

        var json = Stored(table);
        if (json is { Length: > ServiceEntityMapper.MaxRoutingLength })
        {
            return Problems.TooLarge($"The routing table is {json.Length} characters in its stored form; at most {ServiceEntityMapper.MaxRoutingLength} are kept.");
        }

        return await WriteAsync(name, json, "update", cancellationToken).ConfigureAwait(false) ?? Json(table);
    }

    /// <summary>Clears the table (every request then goes to one pool of all replicas). 204, also when there was
    /// none; 404; 409 as for <see cref="PutAsync"/>.</summary>
    public async Task<AdminResponse> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (!AdminNames.IsServiceName(name))
        {
            return ServiceHandlers.NoService(name);
        }

        return await WriteAsync(name, null, "reset", cancellationToken).ConfigureAwait(false) ?? new AdminResponse(204, null, string.Empty);
    }

    /// <returns>Null when written (or already so), else the problem.</returns>
    private async Task<AdminResponse?> WriteAsync(string name, string? json, string what, CancellationToken cancellationToken)
    {
        try
        {
            await store.UpdateServiceAsync(
                name,
                s => s.Status == ServiceStatus.ShuttingDown
                    ? throw new ServiceChangeRejectedException($"Service '{name}' is being deleted; its routing table can no longer change.")
                    : s with { Routing = json },
                cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (StateNotFoundException)
        {
            return ServiceHandlers.NoService(name);
        }
        catch (ServiceChangeRejectedException ex)
        {
            return Problems.Conflict(ex.Message);
        }
        catch (StateConflictException)
        {
            return Problems.Conflict($"Service '{name}' was being changed concurrently and the routing {what} lost every attempt; nothing was written. Retry.");
        }
    }

    /// <summary>The empty table is stored as no column at all, the same as a service that never had one.</summary>
    private static string? Stored(RoutingTable table) => table.IsEmpty ? null : table.ToJson();

    private static AdminResponse Table(ServiceRecord service) =>
        new(200, AdminJson.ContentType, string.IsNullOrWhiteSpace(service.Routing) ? "[]" : service.Routing);

    private static AdminResponse Json(RoutingTable table) => new(200, AdminJson.ContentType, table.ToJson());
}
