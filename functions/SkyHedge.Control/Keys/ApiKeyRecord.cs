namespace SkyHedge.Control.Keys;

/// <summary>A stored API key: never the key itself, only its SHA-256.</summary>
/// <param name="Id">The public id (what <c>DELETE /api/keys/{id}</c> names); see <see cref="ApiKeys.IdOf"/>.</param>
/// <param name="Scope">What the key may do.</param>
/// <param name="Hash">Lower-case hex SHA-256 of the key's UTF-8 bytes (64 characters).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="RevokedAt">When it was revoked (UTC), or null while it is valid.</param>
/// <param name="Description">The creator's note, e.g. who or what uses it.</param>
public sealed record ApiKeyRecord(
    string Id, ApiKeyScope Scope, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null, string? Description = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
