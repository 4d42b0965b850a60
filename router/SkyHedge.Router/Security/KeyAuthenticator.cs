using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SkyHedge.Control.Keys;

namespace SkyHedge.Router.Security;

/// <summary>
/// Checks <c>Authorization: Bearer KEY</c> against the admin API's hashed keys (<see cref="ApiKeys"/>: constant-time
/// comparison of SHA-256 hashes). Answers are remembered for <see cref="RouterOptions.KeyCacheTtl"/> so a request
/// costs no storage read; a revoked key therefore works for at most that long. The cache is keyed by the key's
/// hash, never the key, and is bounded so a flood of random keys cannot grow it.
/// </summary>
internal sealed class KeyAuthenticator(ApiKeys keys, RouterOptions options, TimeProvider time)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<UInt128, (ApiKeyIdentity? Identity, DateTimeOffset Expires)> _cache = new();

    /// <summary>The key's identity, or null when the header is missing, malformed, unknown or revoked.</summary>
    /// <exception cref="Exception">Storage cannot be read and the key is not cached (the caller answers 503).</exception>
    public async ValueTask<ApiKeyIdentity?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var presented = Bearer(request);
        if (presented is null)
        {
            return null;
        }

        var cacheKey = CacheKey(presented);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var hit) && hit.Expires > now)
        {
            return hit.Identity;
        }

        var identity = await keys.VerifyAsync(presented, cancellationToken).ConfigureAwait(false);
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear(); // crude but bounded: valid keys are simply verified again
        }

        _cache[cacheKey] = (identity, now + options.KeyCacheTtl);
        return identity;
    }

    /// <summary>The first 128 bits of the key's SHA-256, computed without allocating (this runs on every request).</summary>
    private static UInt128 CacheKey(string presented)
    {
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetMaxByteCount(presented.Length) <= 1024 ? stackalloc byte[1024] : new byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(presented, bytes)], hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    /// <summary>The token of a <c>Bearer</c> authorization header, or null.</summary>
    public static string? Bearer(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? header[Scheme.Length..].Trim()
            : null;
    }
}
