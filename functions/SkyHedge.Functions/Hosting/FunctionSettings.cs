using Microsoft.Extensions.Configuration;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Clouds.AzureCompute;
using SkyHedge.Clouds.GcpCompute;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Router;

namespace SkyHedge.Functions.Hosting;

/// <summary>The app settings this app reads (README.md lists them with examples). Names use ':' as configuration
/// keys; in app settings and environment variables ':' is written '__'. <c>infra/modules/functions.bicep</c> sets
/// each of <see cref="All"/> but the <see cref="LocalAlternatives"/> (the Infra tests compare the two lists).</summary>
internal static class FunctionSettings
{
    /// <summary>Connection string of the state tables' account; falls back to <see cref="HostStorage"/>.</summary>
    public const string Storage = "SkyHedge:Storage";

    /// <summary>Prefix of the state table names (several deployments can share one account).</summary>
    public const string TablePrefix = "SkyHedge:TablePrefix";

    /// <summary>The Functions host's own storage (task hub, timers), as a connection string.</summary>
    public const string HostStorage = "AzureWebJobsStorage";

    /// <summary>Identity-based host storage: the Table service endpoint, used with a managed identity.</summary>
    public const string HostTableServiceUri = "AzureWebJobsStorage:tableServiceUri";

    /// <summary>Identity-based host storage: the account name (the Table endpoint is then the public cloud's).</summary>
    public const string HostAccountName = "AzureWebJobsStorage:accountName";

    /// <summary>Identity-based host storage: the client id of a user-assigned managed identity.</summary>
    public const string HostClientId = "AzureWebJobsStorage:clientId";

    /// <summary>A GCP credential configuration (service-account key or workload identity federation JSON), for
    /// hosts without Application Default Credentials; in Azure a Key Vault reference.</summary>
    public const string GcpCredentials = "SKYHEDGE_GCP_CREDENTIALS";

    /// <summary>Every setting the app's code reads.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Storage, TablePrefix, HostStorage, HostTableServiceUri, HostAccountName, HostClientId,
        AdminApiOptions.BootstrapKeySetting, RouterNotifierOptions.RouterUrlSetting,
        AwsSettings.Setting, AzureSettings.Setting, GcpSettings.Setting, GcpCredentials,
    ];

    /// <summary>Read here but not set in Azure, where an identity-based equivalent is: connection strings (local runs
    /// against Azurite) and the account-name form of the table endpoint.</summary>
    public static IReadOnlyList<string> LocalAlternatives { get; } = [Storage, HostStorage, HostAccountName];

    /// <summary>A setting's value; null when unset, empty, or a Key Vault reference the platform could not resolve
    /// (it then hands over the reference's own text, which must never be taken for the value, least of all for a
    /// key).</summary>
    public static string? Read(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[name];
        return string.IsNullOrEmpty(value) || IsUnresolvedReference(value) ? null : value;
    }

    /// <summary>True for the literal text of a Key Vault reference (<c>@Microsoft.KeyVault(…)</c>).</summary>
    public static bool IsUnresolvedReference(string value) =>
        value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
