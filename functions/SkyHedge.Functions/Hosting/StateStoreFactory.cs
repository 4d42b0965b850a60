using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using SkyHedge.Control.State;

namespace SkyHedge.Functions.Hosting;

/// <summary>Finds the state tables' account from app settings. In order: an explicit SkyHedge connection string;
/// the host's storage connection string (the same account as the task hub, the usual single-account deployment);
/// the host's identity-based Table endpoint or account name with a managed identity (no secret in settings).</summary>
internal static class StateStoreFactory
{
    public static StateTables Tables(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TableStateStoreOptions { TablePrefix = configuration[FunctionSettings.TablePrefix] ?? new TableStateStoreOptions().TablePrefix };
        return new StateTables(CreateClient(configuration), options);
    }

    internal static TableServiceClient CreateClient(IConfiguration configuration)
    {
        var connection = NonEmpty(configuration[FunctionSettings.Storage]) ?? NonEmpty(configuration[FunctionSettings.HostStorage]);
        if (connection is not null)
        {
            return new TableServiceClient(connection);
        }

        var uri = NonEmpty(configuration[FunctionSettings.HostTableServiceUri])
            ?? (NonEmpty(configuration[FunctionSettings.HostAccountName]) is { } account ? $"https://{account}.table.core.windows.net" : null);
        if (uri is not null)
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                // A user-assigned identity must be named; null picks the system-assigned one.
                ManagedIdentityClientId = NonEmpty(configuration[FunctionSettings.HostClientId]),
            });
            return new TableServiceClient(new Uri(uri), credential);
        }

        throw new InvalidOperationException(
            $"No state storage configured: set {FunctionSettings.Storage} or {FunctionSettings.HostStorage} to a connection string, "
            + $"or {Env(FunctionSettings.HostTableServiceUri)} (or {Env(FunctionSettings.HostAccountName)}) for a managed identity.");
    }

    private static string Env(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
