using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Timers;

namespace SkyHedge.Functions.Admin;

/// <summary>
/// The admin API's HTTP triggers, one per route under <c>/api</c>, all handled by <see cref="AdminApi"/>. Anonymous
/// at the host: the handler checks the API key itself (and accepts the Functions-style <c>x-functions-key</c>
/// header), so keys are SkyHedge's, created and revoked through the API. Every route admits every method and the
/// handler answers 405 with <c>Allow</c>: one place decides which methods a route has.
/// </summary>
internal sealed class AdminFunctions(IServiceProvider services, ControlOptions options)
{
    private const string Get = "get", Post = "post", Put = "put", Patch = "patch", Delete = "delete";

    [Function("AdminServices")]
    public Task<IActionResult> Services(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "services")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminService")]
    public Task<IActionResult> Service(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "services/{name}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminReplicas")]
    public Task<IActionResult> Replicas(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "services/{name}/replicas")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminReplica")]
    public Task<IActionResult> Replica(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "services/{name}/replicas/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminEvents")]
    public Task<IActionResult> Events(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "services/{name}/events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminRouting")]
    public Task<IActionResult> Routing(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "services/{name}/routing")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminKeys")]
    public Task<IActionResult> Keys(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "keys")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminKey")]
    public Task<IActionResult> Key(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "keys/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    [Function("AdminNotices")]
    public Task<IActionResult> Notices(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Route = "notices")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => HandleAsync(request, client, cancellationToken);

    private Task<IActionResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken) =>
        HandleAsync(request, new DurableGateway(client, options), cancellationToken);

    /// <summary>One request through the admin API over any gateway (tests pass a recording one). The API is built
    /// per request around the request's gateway; building it is a few allocations, and it keeps no state between
    /// requests.</summary>
    internal async Task<IActionResult> HandleAsync(HttpRequest request, IOrchestrationGateway gateway, CancellationToken cancellationToken)
    {
        var admin = await AdminHttp.ToAdminRequestAsync(request, cancellationToken).ConfigureAwait(false);
        if (admin is null)
        {
            return AdminResult.From(AdminHttp.TooLarge());
        }

        var api = ActivatorUtilities.CreateInstance<AdminApi>(services, gateway);
        return AdminResult.From(await api.HandleAsync(admin, cancellationToken).ConfigureAwait(false));
    }
}
