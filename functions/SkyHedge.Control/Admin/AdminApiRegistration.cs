using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Control.Timers;

namespace SkyHedge.Control.Admin;

/// <summary>Wires the admin API into a host (the Functions app and the local host register it the same way).</summary>
public static class AdminApiRegistration
{
    /// <summary>Registers <see cref="AdminApi"/> (singleton) over the host's <see cref="IStateStore"/>,
    /// <see cref="IKeyStore"/> and <see cref="IOrchestrationGateway"/>, and its <see cref="TimeProvider"/> if any.
    /// The host registers those, and reads <see cref="AdminApiOptions.BootstrapAdminKey"/> from
    /// <see cref="AdminApiOptions.BootstrapKeySetting"/>.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services, AdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new AdminApi(
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<IKeyStore>(),
            sp.GetRequiredService<IOrchestrationGateway>(),
            sp.GetRequiredService<AdminApiOptions>(),
            sp.GetService<TimeProvider>()));
        return services;
    }
}
