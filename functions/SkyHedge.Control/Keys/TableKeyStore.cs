using Azure;
using Azure.Data.Tables;
using SkyHedge.Control.State;

namespace SkyHedge.Control.Keys;

/// <summary>
/// <see cref="IKeyStore"/> over Azure Table Storage: table <c>{prefix}Keys</c> (the state store's prefix and
/// account), one partition, row key = key id. Thread-safe; share one instance.
/// </summary>
public sealed class TableKeyStore : IKeyStore
{
    private const string Partition = "key";

    private readonly StateTable _keys;
    private readonly OptimisticRetry _retry;

    /// <summary>A store over the account of a storage connection string (Azurite, or a key-based account).</summary>
    public TableKeyStore(string connectionString, TableStateStoreOptions? options = null)
        : this(new TableServiceClient(connectionString), options)
    {
    }

    /// <summary>A store over a configured client; <paramref name="options"/> gives the table prefix and the
    /// optimistic-retry budget (the same options object as the <see cref="TableStateStore"/> it sits next to).</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public TableKeyStore(TableServiceClient client, TableStateStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new TableStateStoreOptions();
        options.Validate();
        _keys = new StateTable(client, options.TablePrefix + "Keys");
        _retry = new OptimisticRetry(options);
    }

    /// <inheritdoc/>
    public async Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            await _keys.AddAsync(ToEntity(key), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new StateAlreadyExistsException($"key {key.Id}", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var entity = await _keys.GetAsync(Partition, TableKeys.Check(id, "key id"), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    /// <inheritdoc/>
    public Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        TableKeys.Check(id, "key id");
        return _retry.RunAsync<ApiKeyRecord?>(
            $"key {id}",
            async ct =>
            {
                var current = await _keys.GetAsync(Partition, id, ct).ConfigureAwait(false);
                if (current is null)
                {
                    return null;
                }

                var before = FromEntity(current);
                if (before.IsRevoked)
                {
                    return before;
                }

                var entity = ToEntity(before with { RevokedAt = at.ToUniversalTime() });
                await _keys.ReplaceAsync(entity, current.ETag, ct).ConfigureAwait(false);
                return FromEntity(entity);
            },
            cancellationToken);
    }

    private static TableEntity ToEntity(ApiKeyRecord key) =>
        new(Partition, TableKeys.Check(key.Id, "key id"))
        {
            ["Scope"] = key.Scope.ToString(),
            ["Hash"] = key.Hash,
            ["CreatedAt"] = key.CreatedAt.ToUniversalTime(),
            ["RevokedAt"] = EntityColumns.Utc(key.RevokedAt),
            ["Description"] = key.Description,
        };

    private static ApiKeyRecord FromEntity(TableEntity e) =>
        new(
            e.RowKey,
            EntityColumns.Enum<ApiKeyScope>(e, "Scope"),
            EntityColumns.Required(e, "Hash"),
            EntityColumns.Time(e, "CreatedAt"),
            e.GetDateTimeOffset("RevokedAt"),
            e.GetString("Description"));
}
