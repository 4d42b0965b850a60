using Azure;
using Azure.Data.Tables;

namespace SkyHedge.Control.State;

/// <summary>One table, created on first use. A failed creation is not cached: the next call tries again, so a
/// transient storage error at startup does not poison the store.</summary>
internal sealed class StateTable(TableServiceClient service, string name)
{
    private readonly TableClient _client = service.GetTableClient(name);
    private readonly Lock _gate = new();
    private Task? _creation;

    public string Name => name;

    public async ValueTask<TableClient> ClientAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                // Not tied to one caller's token: concurrent first callers share this creation.
                _creation = _client.CreateIfNotExistsAsync(CancellationToken.None);
            }

            creation = _creation;
        }

        await creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _client;
    }

    /// <summary>The row, or null when there is none.</summary>
    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Inserts; a 409 (row exists) propagates as <see cref="RequestFailedException"/>.</summary>
    public async Task AddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        await client.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the row only if it still has <paramref name="etag"/>; a 412 propagates.</summary>
    public async Task ReplaceAsync(TableEntity entity, ETag etag, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        await client.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TableEntity>> QueryAsync(string? filter, int? max, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<TableEntity>();
        var pageSize = max is { } m ? Math.Min(m, 1000) : (int?)null;
        await foreach (var row in client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count == max)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Deletes the row unconditionally; true when it existed.</summary>
    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await client.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }
}
