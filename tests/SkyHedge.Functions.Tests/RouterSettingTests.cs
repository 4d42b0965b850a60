using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Router;
using SkyHedge.Functions.Hosting;

namespace SkyHedge.Functions.Tests;

/// <summary>The app pushes replica transitions to the router exactly when <c>SKYHEDGE_ROUTER_URL</c> is set, with
/// the bootstrap admin key (the notifier types are internal to SkyHedge.Control, hence the names).</summary>
public sealed class RouterSettingTests
{
    private const string Key = "bootstrap-key-for-tests-0123456789";

    [Theory]
    [InlineData(null, "NoRouterNotifier")]
    [InlineData("", "NoRouterNotifier")]
    [InlineData("http://10.0.0.4:8080", "HttpRouterNotifier")]
    [InlineData("not a url", "NoRouterNotifier")] // logged as an error on first use, not fatal
    public void TheRouterUrlSettingPicksTheNotifier(string? url, string notifier)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([
                KeyValuePair.Create(AdminApiOptions.BootstrapKeySetting, (string?)Key),
                KeyValuePair.Create(RouterNotifierOptions.RouterUrlSetting, url),
            ])
            .Build();
        using var services = new ServiceCollection().AddSkyHedgeFunctions(configuration).BuildServiceProvider();

        Assert.Equal("SKYHEDGE_ROUTER_URL", RouterNotifierOptions.RouterUrlSetting);
        Assert.Equal(notifier, services.GetRequiredService<IRouterNotifier>().GetType().Name);
    }
}
