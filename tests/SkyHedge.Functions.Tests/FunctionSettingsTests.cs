using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkyHedge.Control.Admin;
using SkyHedge.Functions.Hosting;

namespace SkyHedge.Functions.Tests;

/// <summary>Settings as the app reads them in Azure, where secrets are Key Vault references.</summary>
public sealed class FunctionSettingsTests
{
    private const string Reference = "@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/skyhedge-admin-key)";

    [Fact]
    public void An_unresolved_key_vault_reference_is_never_taken_for_the_admin_key()
    {
        // The platform hands over the reference's own text when it cannot resolve it: 90 guessable characters.
        using var services = Build(Reference);

        Assert.Null(services.GetRequiredService<AdminApiOptions>().BootstrapAdminKey);
    }

    [Fact]
    public void A_resolved_value_is_the_admin_key()
    {
        using var services = Build("sk-admin-0123456789abcdef0123");

        Assert.Equal("sk-admin-0123456789abcdef0123", services.GetRequiredService<AdminApiOptions>().BootstrapAdminKey);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(Reference, null)]
    [InlineData("@microsoft.keyvault(VaultName=kv;SecretName=x)", null)]
    [InlineData("{\"admin_url\": \"https://x\"}", "{\"admin_url\": \"https://x\"}")]
    public void Read_returns_only_real_values(string? value, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SKYHEDGE_AWS"] = value }).Build();

        Assert.Equal(expected, FunctionSettings.Read(configuration, "SKYHEDGE_AWS"));
    }

    private static ServiceProvider Build(string adminKey)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AdminApiOptions.BootstrapKeySetting] = adminKey }).Build();
        return new ServiceCollection().AddSkyHedgeFunctions(configuration).BuildServiceProvider();
    }
}
