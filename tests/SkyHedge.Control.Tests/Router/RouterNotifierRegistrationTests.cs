using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkyHedge.Control.Router;

namespace SkyHedge.Control.Tests.Router;

/// <summary>Which notifier a host ends up with: the no-op without a router URL, the HTTP one with a valid one, and
/// the no-op with an error logged for settings that cannot work.</summary>
public sealed class RouterNotifierRegistrationTests
{
    private const string Key = "bootstrap-admin-key-for-tests-0123456789";

    [Fact]
    public void Without_a_router_url_the_control_plane_pushes_nowhere()
    {
        using var sp = Build(s => s.AddRouterNotifier(routerUrl: "  ", adminKey: Key));
        Assert.IsType<NoRouterNotifier>(sp.GetRequiredService<IRouterNotifier>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_router_url_setting_replaces_the_no_op_whatever_the_order(bool before)
    {
        using var sp = Build(s => s.AddRouterNotifier("http://10.0.0.4:8080", Key), before);
        Assert.IsType<HttpRouterNotifier>(sp.GetRequiredService<IRouterNotifier>());
    }

    [Theory]
    [InlineData("ftp://10.0.0.4", Key, "SKYHEDGE_ROUTER_URL: expected an absolute http or https URL")]
    [InlineData("not a url", Key, "SKYHEDGE_ROUTER_URL: expected an absolute URL")]
    [InlineData("http://10.0.0.4:8080", "", "set SKYHEDGE_ADMIN_KEY")]
    public void Settings_that_cannot_work_are_logged_as_errors_and_leave_the_push_off(string url, string key, string message)
    {
        var errors = new List<string>();
        using var sp = Build(s => s.AddRouterNotifier(url, key).AddLogging(l => l.AddProvider(new ListProvider(errors))));

        Assert.IsType<NoRouterNotifier>(sp.GetRequiredService<IRouterNotifier>());
        Assert.Contains(message, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RouterNotifierOptions.FromSettings(url, key));
    }

    [Fact]
    public void Typed_options_are_checked_when_registered()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddRouterNotifier(new RouterNotifierOptions { RouterUrl = new Uri("http://r"), Key = Key, Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => services.AddRouterNotifier(new RouterNotifierOptions { RouterUrl = new Uri("ftp://r"), Key = Key }));
    }

    [Theory]
    [InlineData("http://10.0.0.4:8080", "http://10.0.0.4:8080/internal/replicas/changed")]
    [InlineData("https://router.example/skyhedge/", "https://router.example/skyhedge/internal/replicas/changed")]
    [InlineData("https://router.example/skyhedge", "https://router.example/skyhedge/internal/replicas/changed")]
    public void The_endpoint_keeps_a_path_prefix(string url, string endpoint) =>
        Assert.Equal(endpoint, RouterNotifierOptions.FromSettings(url, Key)!.Endpoint.AbsoluteUri);

    private static ServiceProvider Build(Action<IServiceCollection> configure, bool before = false)
    {
        var services = new ServiceCollection();
        if (before)
        {
            configure(services);
            services.AddControlPlaneServices();
        }
        else
        {
            services.AddControlPlaneServices();
            configure(services);
        }

        return services.BuildServiceProvider();
    }

    private sealed class ListProvider(List<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(errors);

        public void Dispose()
        {
        }

        private sealed class Logger(List<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
