using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>Settings of <see cref="AdminApi"/>.</summary>
public sealed class AdminApiOptions
{
    /// <summary>The app setting hosts read the bootstrap key from (in Azure a Key Vault reference,
    /// <c>@Microsoft.KeyVault(...)</c>; locally the local host sets it from <c>--api-key</c>).</summary>
    public const string BootstrapKeySetting = "SKYHEDGE_ADMIN_KEY";

    /// <summary>The first admin key, from configuration: compared by hash, never stored, never revocable through
    /// the API. Null or empty for none (then only keys created earlier work). At least
    /// <see cref="Keys.ApiKeys.MinBootstrapKeyLength"/> characters.</summary>
    public string? BootstrapAdminKey { get; init; }

    /// <summary>The on-demand USD/h the cost report prices a spot replica's hours at, or null when unknown. By
    /// default, the embedded price catalog's on-demand price of the same instance type.</summary>
    public Func<Replica, decimal?>? OnDemandPrice { get; init; }

    /// <summary>Events returned by <c>GET /api/services/{name}/events</c> without <c>?max=</c>.</summary>
    public int DefaultEventCount { get; init; } = 100;

    /// <summary>The largest <c>?max=</c> accepted.</summary>
    public int MaxEventCount { get; init; } = 1000;
}
