using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Functions.Hosting;

namespace SkyHedge.Functions.Tests;

/// <summary>Which storage account the app's state tables go to, from the settings README.md documents.</summary>
public sealed class StateStoreFactoryTests
{
    private const string Azurite = "UseDevelopmentStorage=true";
    private const string Account = "DefaultEndpointsProtocol=https;AccountName=hostacct;AccountKey=a2V5;EndpointSuffix=core.windows.net";

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void TheSkyHedgeConnectionStringWinsOverTheHostStorage()
    {
        var client = StateStoreFactory.CreateClient(Settings(("SkyHedge:Storage", Azurite), ("AzureWebJobsStorage", Account)));
        Assert.Equal("devstoreaccount1", client.AccountName);
    }

    [Fact]
    public void TheHostStorageConnectionStringIsTheFallback()
    {
        var client = StateStoreFactory.CreateClient(Settings(("AzureWebJobsStorage", Account)));
        Assert.Equal("hostacct", client.AccountName);
    }

    [Fact]
    public void AnIdentityBasedHostStorageUsesItsTableEndpoint()
    {
        // Environment variables spell the ':' as "__": AzureWebJobsStorage__tableServiceUri.
        var client = StateStoreFactory.CreateClient(Settings(("AzureWebJobsStorage:tableServiceUri", "https://idacct.table.core.windows.net")));
        Assert.Equal(new Uri("https://idacct.table.core.windows.net"), client.Uri);
    }

    [Fact]
    public void AnIdentityBasedHostStorageByAccountNameUsesThatAccountsTableEndpoint()
    {
        var client = StateStoreFactory.CreateClient(Settings(("AzureWebJobsStorage:accountName", "idacct")));
        Assert.Equal(new Uri("https://idacct.table.core.windows.net"), client.Uri);
    }

    [Fact]
    public void NoStorageSettingFailsNamingTheSettings()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StateStoreFactory.CreateClient(Settings()));
        Assert.Contains("SkyHedge:Storage", e.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheContainerBuildsTheTableStoresOverOneAccountAndPrefix()
    {
        using var services = Container(("SkyHedge:Storage", Azurite), ("SkyHedge:TablePrefix", "Prod1"));

        Assert.IsType<TableStateStore>(services.GetRequiredService<IStateStore>());
        Assert.IsType<TableKeyStore>(services.GetRequiredService<IKeyStore>());
        var tables = services.GetRequiredService<StateTables>();
        Assert.Equal("devstoreaccount1", tables.Client.AccountName);
        Assert.Equal("Prod1", tables.Options.TablePrefix);
    }

    [Fact]
    public void AnInvalidTablePrefixIsRejectedWhenTheStoreIsFirstNeeded()
    {
        using var services = Container(("SkyHedge:Storage", Azurite), ("SkyHedge:TablePrefix", "not-valid"));
        Assert.Throws<ArgumentException>(() => services.GetRequiredService<IStateStore>());
    }

    private static ServiceProvider Container(params (string Key, string Value)[] settings) =>
        new ServiceCollection().AddSkyHedgeFunctions(Settings(settings)).BuildServiceProvider();
}
