namespace SkyHedge.Control.Keys;

/// <summary>
/// Where API keys' hashes live (<see cref="TableKeyStore"/>: Table Storage, next to the state store's tables).
/// Holds no secrets: a stolen table yields hashes of 256-bit random keys, which cannot be reversed.
/// </summary>
/// <remarks>Errors common to every method: <see cref="ArgumentException"/> for an id that cannot be a table key;
/// <see cref="InvalidDataException"/> for a row this code cannot read; <see cref="Azure.RequestFailedException"/>
/// when storage itself fails. The table is created on first use.</remarks>
public interface IKeyStore
{
    /// <summary>Inserts a key row.</summary>
    /// <exception cref="State.StateAlreadyExistsException">A key with that id exists; it is left unchanged.</exception>
    Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>The key row (revoked ones included), or null when there is none.</summary>
    Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Marks a key revoked at <paramref name="at"/> (optimistic; a key already revoked keeps its first
    /// revocation time). Returns the row as stored, or null when there is no such key.</summary>
    /// <exception cref="State.StateConflictException">Lost every race against concurrent writers of the row.</exception>
    Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
