using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SkyHedge.LocalHost.Hosting;

/// <summary>
/// The lifetime of a host that is one part of a bigger process (the local stack runs four: router, admin API,
/// durable sidecar and worker). The default console lifetime makes every host react to SIGTERM and Ctrl+C on its
/// own: each stopped itself in no particular order while the process kept running, so <c>kill</c> left a half
/// stopped stack behind. With this lifetime only the owner's signal handling stops the hosts, in its order.
/// </summary>
public sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Replaces the host's lifetime with <see cref="EmbeddedLifetime"/>.</summary>
    public static void Use(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedLifetime>());
}
