using SkyHedge.Control.Keys;

namespace SkyHedge.Router.Security;

/// <summary>The key store of a router without tables (<c>--replicas FILE</c>): no created keys exist, so only the
/// bootstrap admin key authenticates.</summary>
internal sealed class NoKeyStore : IKeyStore
{
    public Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A router without storage cannot create keys.");

    public Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult<ApiKeyRecord?>(null);

    public Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Task.FromResult<ApiKeyRecord?>(null);
}
