namespace SkyHedge.Control.Keys;

/// <summary>Who presented a valid key: its id (<see cref="ApiKeys.BootstrapKeyId"/> for the configured bootstrap
/// key) and its scope.</summary>
public sealed record ApiKeyIdentity(string Id, ApiKeyScope Scope)
{
    /// <summary>True when this key may do what <paramref name="required"/> guards: admin covers everything.</summary>
    public bool Allows(ApiKeyScope required) => Scope == ApiKeyScope.Admin || Scope == required;
}
