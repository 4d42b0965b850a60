using Microsoft.Extensions.DependencyInjection;

namespace SkyHedge.LocalHost;

/// <summary>Adds <see cref="LocalTimers"/> to a local host's services.</summary>
public static class LocalTimersRegistration
{
    public static IServiceCollection AddLocalTimers(this IServiceCollection services, LocalTimerOptions? options = null)
    {
        services.AddSingleton(options ?? new LocalTimerOptions());
        services.AddSingleton<LocalTimers>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalTimers>());
        return services;
    }
}
