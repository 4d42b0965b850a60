using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace SkyHedge.Control.Router;

/// <summary>Wires the router push into a host. <see cref="ControlPlane.AddControlPlaneServices"/> registers the
/// no-op notifier; these replace it (before or after that call: both use Replace).</summary>
public static partial class RouterNotifierRegistration
{
    /// <summary>Pushes to the router <paramref name="options"/> names.</summary>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="RouterNotifierOptions.Validate"/>).</exception>
    public static IServiceCollection AddRouterNotifier(this IServiceCollection services, RouterNotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.Replace(ServiceDescriptor.Singleton<IRouterNotifier>(sp => Create(options, sp)));
        return services;
    }

    /// <summary>Pushes to the router when <paramref name="routerUrl"/> (the <see cref="RouterNotifierOptions.RouterUrlSetting"/>
    /// app setting) is set, authenticated with <paramref name="adminKey"/>; leaves the no-op otherwise.</summary>
    /// <remarks>Invalid settings do not fail the host: the notifier is built on first use, and a bad URL or a
    /// missing key is then logged as an error and the push left off. The push is an optimisation over the router's
    /// poll, so a typo in it must not stop replicas from being transitioned.</remarks>
    public static IServiceCollection AddRouterNotifier(this IServiceCollection services, string? routerUrl, string? adminKey)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(routerUrl))
        {
            return services;
        }

        services.Replace(ServiceDescriptor.Singleton<IRouterNotifier>(sp =>
        {
            try
            {
                return Create(RouterNotifierOptions.FromSettings(routerUrl, adminKey)!, sp);
            }
            catch (ArgumentException ex)
            {
                LogMisconfigured(sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(RouterNotifierRegistration)), ex.Message);
                return NoRouterNotifier.Instance;
            }
        }));
        return services;
    }

    // One client for the process; connections are recycled every few minutes so a router redeployed at a new
    // address behind the same name is found.
    private static HttpRouterNotifier Create(RouterNotifierOptions options, IServiceProvider sp) =>
        new(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }),
            options,
            sp.GetService<ILogger<HttpRouterNotifier>>());

    private static void LogMisconfigured(ILogger? logger, string error)
    {
        if (logger is not null)
        {
            LogMisconfiguredCore(logger, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "router push disabled: {Error}")]
    private static partial void LogMisconfiguredCore(ILogger logger, string error);
}
