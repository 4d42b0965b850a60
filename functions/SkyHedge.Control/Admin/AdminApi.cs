using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;
using SkyHedge.Core.Catalog;

namespace SkyHedge.Control.Admin;

/// <summary>
/// The admin API, independent of any HTTP framework: the Functions app's HTTP triggers and the local host both
/// turn a request into an <see cref="AdminRequest"/>, call <see cref="HandleAsync"/> and write the
/// <see cref="AdminResponse"/> back. Routes (under <c>/api</c>): <c>services</c> (GET, POST),
/// <c>services/{name}</c> (GET, PUT, DELETE), <c>services/{name}/replicas</c> (GET),
/// <c>services/{name}/replicas/{id}</c> (GET, DELETE), <c>services/{name}/events</c> (GET),
/// <c>services/{name}/routing</c> (GET, PUT, DELETE), <c>keys</c> (POST),
/// <c>keys/{id}</c> (DELETE), <c>notices</c> (POST).
/// </summary>
/// <remarks>
/// <para><b>Authentication.</b> Every route needs an <see cref="ApiKeyScope.Admin"/> key (<c>Authorization: Bearer
/// KEY</c> or <c>x-functions-key: KEY</c>): none or an invalid one is 401, an inference key 403. <c>POST
/// /api/notices</c> instead needs the token of the replica named in its body. The per-route methods do no
/// authentication (except the notice's token check): <see cref="HandleAsync"/> does it before dispatching.</para>
/// <para><b>Errors</b> are <c>application/problem+json</c>: 400 (a spec's errors with line and column; a routing
/// table's with the parser's message), 401, 403, 404, 405 (with <c>Allow</c>), 409 (exists; concurrent update;
/// stale <c>If-Match</c>; a service being deleted), 413, 415. Storage or engine failures propagate as exceptions
/// for the host to log and answer with 500.</para>
/// </remarks>
public sealed class AdminApi
{
    private readonly AdminCredentials _credentials;
    private readonly ServiceHandlers _services;
    private readonly ReplicaHandlers _replicas;
    private readonly RoutingHandlers _routing;
    private readonly NoticeHandler _notices;
    private readonly KeyHandlers _keys;

    /// <param name="store">Services, replicas, locations and events.</param>
    /// <param name="keyStore">API key hashes.</param>
    /// <param name="gateway">Starts and signals the orchestrations.</param>
    /// <param name="options">Bootstrap key, on-demand price lookup, event paging.</param>
    /// <param name="time">Stamps events and key times and ends running replicas' cost; the system clock by default.</param>
    /// <exception cref="ArgumentException">The bootstrap key is too short (see <see cref="ApiKeys"/>).</exception>
    public AdminApi(IStateStore store, IKeyStore keyStore, IOrchestrationGateway gateway, AdminApiOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keyStore);
        ArgumentNullException.ThrowIfNull(gateway);
        options ??= new AdminApiOptions();
        time ??= TimeProvider.System;
        Keys = new ApiKeys(keyStore, options.BootstrapAdminKey, time);
        var cost = new CostCalculator(options.OnDemandPrice ?? OnDemandPrices.FromCatalog(PriceCatalog.Default));
        _credentials = new AdminCredentials(Keys);
        _services = new ServiceHandlers(store, gateway, new ServiceViews(store, cost, time));
        _replicas = new ReplicaHandlers(store, gateway, time, options);
        _routing = new RoutingHandlers(store);
        _notices = new NoticeHandler(store, gateway, time);
        _keys = new KeyHandlers(Keys);
    }

    /// <summary>The key logic this API authenticates with (the router verifies inference keys with the same).</summary>
    public ApiKeys Keys { get; }

    /// <summary>Routes, authenticates and dispatches one request.</summary>
    public async Task<AdminResponse> HandleAsync(AdminRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var match = AdminRouter.Match(request.Path);
        if (match is null)
        {
            return Problems.NotFound($"No admin API route '{request.Path}'.");
        }

        var allowed = AdminRouter.Methods(match.Route);
        if (!allowed.Contains(request.Method, StringComparer.Ordinal))
        {
            return Problems.MethodNotAllowed(request.Method, request.Path, allowed);
        }

        if (match.Route == AdminRoute.Notices)
        {
            return await PostNoticeAsync(request.Body, AdminCredentials.Presented(request), cancellationToken).ConfigureAwait(false);
        }

        var (caller, problem) = await _credentials.RequireAsync(request, ApiKeyScope.Admin, cancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            return problem!;
        }

        string name = match.Name ?? string.Empty, id = match.Id ?? string.Empty;
        return (match.Route, request.Method) switch
        {
            (AdminRoute.Services, "GET") => await ListServicesAsync(cancellationToken).ConfigureAwait(false),
            (AdminRoute.Services, _) => await CreateServiceAsync(request.Body, request.Header("Content-Type"), cancellationToken).ConfigureAwait(false),
            (AdminRoute.Service, "GET") => await GetServiceAsync(name, cancellationToken).ConfigureAwait(false),
            (AdminRoute.Service, "PUT") => await UpdateServiceAsync(
                name, request.Body, request.Header("Content-Type"), request.Header("If-Match"), cancellationToken).ConfigureAwait(false),
            (AdminRoute.Service, _) => await DeleteServiceAsync(name, cancellationToken).ConfigureAwait(false),
            (AdminRoute.Replicas, _) => await ListReplicasAsync(name, cancellationToken).ConfigureAwait(false),
            (AdminRoute.Replica, "GET") => await GetReplicaAsync(name, id, cancellationToken).ConfigureAwait(false),
            (AdminRoute.Replica, _) => await DeleteReplicaAsync(name, id, $"admin:{caller.Id}", cancellationToken).ConfigureAwait(false),
            (AdminRoute.Events, _) => await ListEventsAsync(
                name, request.Query.TryGetValue("max", out var max) ? max : null, cancellationToken).ConfigureAwait(false),
            (AdminRoute.Routing, "GET") => await GetRoutingAsync(name, cancellationToken).ConfigureAwait(false),
            (AdminRoute.Routing, "PUT") => await UpdateRoutingAsync(name, request.Body, request.Header("Content-Type"), cancellationToken).ConfigureAwait(false),
            (AdminRoute.Routing, _) => await ResetRoutingAsync(name, cancellationToken).ConfigureAwait(false),
            (AdminRoute.Keys, _) => await CreateKeyAsync(request.Body, cancellationToken).ConfigureAwait(false),
            _ => await RevokeKeyAsync(id, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary><c>POST /api/services</c>: validates the spec (YAML, or JSON by <paramref name="contentType"/>),
    /// stores it as version 1 and starts its controller. 201 with the service view; 400 with each error's line
    /// and column; 409 when the name exists; 413; 415.</summary>
    public Task<AdminResponse> CreateServiceAsync(string body, string? contentType, CancellationToken cancellationToken = default) =>
        _services.CreateAsync(body ?? string.Empty, contentType, cancellationToken);

    /// <summary><c>GET /api/services</c>: every service's view, by name.</summary>
    public Task<AdminResponse> ListServicesAsync(CancellationToken cancellationToken = default) => _services.ListAsync(cancellationToken);

    /// <summary><c>GET /api/services/{name}</c>: the view (spec, replicas, locations, cost) with an <c>ETag</c>; 404.</summary>
    public Task<AdminResponse> GetServiceAsync(string name, CancellationToken cancellationToken = default) =>
        _services.GetAsync(name ?? string.Empty, cancellationToken);

    /// <summary><c>PUT /api/services/{name}</c>: stores a new spec version (replicas roll to it) and signals the
    /// controller. 200; 400 (also when the spec's name is not <paramref name="name"/>); 404; 409 when the update
    /// lost to concurrent writers, when <paramref name="ifMatch"/> is not the current ETag, or while deleting.</summary>
    public Task<AdminResponse> UpdateServiceAsync(
        string name, string body, string? contentType, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        _services.UpdateAsync(name ?? string.Empty, body ?? string.Empty, contentType, ifMatch, cancellationToken);

    /// <summary><c>DELETE /api/services/{name}</c>: marks it shutting down and signals the controller, which
    /// terminates every replica and then removes the row. 202 with the view; 404.</summary>
    public Task<AdminResponse> DeleteServiceAsync(string name, CancellationToken cancellationToken = default) =>
        _services.DeleteAsync(name ?? string.Empty, cancellationToken);

    /// <summary><c>GET /api/services/{name}/replicas</c>: every replica row, ended ones included.</summary>
    public Task<AdminResponse> ListReplicasAsync(string name, CancellationToken cancellationToken = default) =>
        _replicas.ListAsync(name ?? string.Empty, cancellationToken);

    /// <summary><c>GET /api/services/{name}/replicas/{id}</c>: one replica; 404.</summary>
    public Task<AdminResponse> GetReplicaAsync(string name, string id, CancellationToken cancellationToken = default) =>
        _replicas.GetAsync(name ?? string.Empty, id ?? string.Empty, cancellationToken);

    /// <summary><c>DELETE /api/services/{name}/replicas/{id}</c>: signals the replica to terminate and records who
    /// asked (<paramref name="actor"/>) in the audit trail. 202; 404.</summary>
    public Task<AdminResponse> DeleteReplicaAsync(string name, string id, string actor = "admin", CancellationToken cancellationToken = default) =>
        _replicas.DeleteAsync(name ?? string.Empty, id ?? string.Empty, actor, cancellationToken);

    /// <summary><c>GET /api/services/{name}/events?max=N</c>: the audit trail, newest first; 400 for a bad
    /// <paramref name="max"/>; 404.</summary>
    public Task<AdminResponse> ListEventsAsync(string name, string? max = null, CancellationToken cancellationToken = default) =>
        _replicas.EventsAsync(name ?? string.Empty, max, cancellationToken);

    /// <summary><c>GET /api/services/{name}/routing</c>: the stored routing table, a JSON list (<c>[]</c> when none);
    /// 404.</summary>
    public Task<AdminResponse> GetRoutingAsync(string name, CancellationToken cancellationToken = default) =>
        _routing.GetAsync(name ?? string.Empty, cancellationToken);

    /// <summary><c>PUT /api/services/{name}/routing</c> with <c>[{"input":[lo,hi],"output":[lo,hi],"pool":"A10G"}]</c>:
    /// validates it with <see cref="Core.Routing.RoutingTable.Parse"/> and stores its canonical form, keeping the
    /// spec version. 200 with the stored list; 400 with the parser's message (not JSON, <c>hi &lt;= lo</c>, an
    /// unknown GPU, …); 404; 409 while deleting or after losing to concurrent writers; 413; 415.</summary>
    public Task<AdminResponse> UpdateRoutingAsync(string name, string body, string? contentType = null, CancellationToken cancellationToken = default) =>
        _routing.PutAsync(name ?? string.Empty, body ?? string.Empty, contentType, cancellationToken);

    /// <summary><c>DELETE /api/services/{name}/routing</c>: clears the table (one pool of all replicas). 204; 404;
    /// 409 as for <see cref="UpdateRoutingAsync"/>.</summary>
    public Task<AdminResponse> ResetRoutingAsync(string name, CancellationToken cancellationToken = default) =>
        _routing.DeleteAsync(name ?? string.Empty, cancellationToken);

    /// <summary><c>POST /api/keys</c> with <c>{"scope": "inference"|"admin", "description": ...}</c>: 201 with
    /// <c>{"id", "key", "scope"}</c>, the only time the key is shown; 400.</summary>
    public Task<AdminResponse> CreateKeyAsync(string body, CancellationToken cancellationToken = default) =>
        _keys.CreateAsync(body ?? string.Empty, cancellationToken);

    /// <summary><c>DELETE /api/keys/{id}</c>: 204; 404 for an unknown key; 409 for the bootstrap key.</summary>
    public Task<AdminResponse> RevokeKeyAsync(string id, CancellationToken cancellationToken = default) =>
        _keys.RevokeAsync(id ?? string.Empty, cancellationToken);

    /// <summary><c>POST /api/notices</c> with <c>{"service", "replica_id", "kind"}</c> and the replica's token:
    /// records the notice and signals <see cref="Lifecycle.ReplicaSignal.InterruptionNotice"/> (the orchestration
    /// drains the replica). 202; 400; 401 for a missing or wrong token.</summary>
    public Task<AdminResponse> PostNoticeAsync(string body, string? replicaToken, CancellationToken cancellationToken = default) =>
        _notices.PostAsync(body ?? string.Empty, replicaToken, cancellationToken);
}
