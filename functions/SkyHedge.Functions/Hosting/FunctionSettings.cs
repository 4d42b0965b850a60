namespace SkyHedge.Functions.Hosting;

/// <summary>The app settings this app reads (README.md lists them with examples). Names use ':' as configuration
/// keys; in app settings and environment variables ':' is written '__'.</summary>
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
}
