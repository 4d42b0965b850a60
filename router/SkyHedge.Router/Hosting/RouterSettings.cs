namespace SkyHedge.Router;

/// <summary>The settings the router reads (environment variables write ':' as '__'). README lists them.</summary>
public static class RouterSettings
{
    /// <summary>Storage connection string of the control plane's tables (Azurite locally).</summary>
    public const string Storage = "SkyHedge:Storage";

    /// <summary>Identity-based storage: the Table endpoint, used with a managed identity (in Azure).</summary>
    public const string TableServiceUri = "SkyHedge:TableServiceUri";

    /// <summary>Identity-based storage: the client id of a user-assigned managed identity (optional).</summary>
    public const string ClientId = "SkyHedge:ClientId";

    /// <summary>Prefix of the state table names; must match the control plane's.</summary>
    public const string TablePrefix = "SkyHedge:TablePrefix";

    /// <summary>The bootstrap admin key (the control plane's; it authenticates pushes and works as an inference key).</summary>
    public const string AdminKey = "SKYHEDGE_ADMIN_KEY";

    /// <summary>The section <see cref="RouterOptions"/> binds from.</summary>
    public const string Section = "SkyHedge:Router";

    /// <summary>Where the router listens unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>ASP.NET Core's listen URLs (<c>ASPNETCORE_URLS</c>; the container image sets it to port 8080).</summary>
    public const string Urls = "urls";

    /// <summary>The OpenTelemetry exporter endpoint; unset, the router exports nothing.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Every setting the router's code reads. <c>infra/modules/router.bicep</c> sets each of them but
    /// <see cref="LocalAlternatives"/> and <see cref="Optional"/> (the Infra tests compare the two lists).</summary>
    public static IReadOnlyList<string> All { get; } = [Storage, TableServiceUri, ClientId, TablePrefix, AdminKey, Section, Urls, OtlpEndpoint];

    /// <summary>The connection-string form of storage (local runs against Azurite); Azure uses the identity form.</summary>
    public static IReadOnlyList<string> LocalAlternatives { get; } = [Storage];

    /// <summary>Settings with working defaults: tuning (<see cref="Section"/>), the image's listen URL, telemetry.</summary>
    public static IReadOnlyList<string> Optional { get; } = [Section, Urls, OtlpEndpoint];
}
