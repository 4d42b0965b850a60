using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SkyHedge.Control.State;

namespace SkyHedge.Control.Keys;

/// <summary>
/// Creates, verifies and revokes API keys. A key is <c>sk-</c> + 32 random bytes in base64url (256 bits: guessing
/// is hopeless, so a fast hash is enough); only its SHA-256 is stored. The first admin key is a bootstrap key from
/// configuration (Key Vault in Azure, <c>--api-key</c> locally): compared by hash, never stored, and revoked only by
/// changing the configuration.
/// </summary>
/// <remarks>A key's id is <c>key-</c> + the first 16 hex digits of its hash, so verifying a key is one point read of
/// its row (no scan, no cache that would delay a revocation). Those 64 bits of a hash reveal nothing usable about a
/// 256-bit random key.</remarks>
public sealed partial class ApiKeys
{
    /// <summary>The id reported for the configured bootstrap key.</summary>
    public const string BootstrapKeyId = "bootstrap";

    /// <summary>The shortest bootstrap key accepted: anything shorter is a misconfiguration, not a secret.</summary>
    public const int MinBootstrapKeyLength = 16;

    /// <summary>Longer presented keys are rejected without hashing (a cheap guard against huge headers).</summary>
    private const int MaxPresentedLength = 512;

    private const string KeyPrefix = "sk-";

    private readonly IKeyStore _store;
    private readonly TimeProvider _time;
    private readonly byte[]? _bootstrapHash;

    /// <param name="store">Where key hashes live.</param>
    /// <param name="bootstrapAdminKey">The configured admin key, or null or empty for none (an app setting that is
    /// defined but blank means "not configured").</param>
    /// <param name="time">Stamps creation and revocation; the system clock by default.</param>
    /// <exception cref="ArgumentException"><paramref name="bootstrapAdminKey"/> is shorter than
    /// <see cref="MinBootstrapKeyLength"/> characters or has surrounding whitespace.</exception>
    public ApiKeys(IKeyStore store, string? bootstrapAdminKey = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
        if (!string.IsNullOrEmpty(bootstrapAdminKey))
        {
            if (bootstrapAdminKey.Length < MinBootstrapKeyLength || bootstrapAdminKey.Trim().Length != bootstrapAdminKey.Length)
            {
                throw new ArgumentException(
                    $"The bootstrap admin key must be at least {MinBootstrapKeyLength} characters without surrounding whitespace.",
                    nameof(bootstrapAdminKey));
            }

            _bootstrapHash = Hash(bootstrapAdminKey);
        }
    }

    /// <summary>The id a key has (or would have): <c>key-</c> + the first 16 hex digits of its SHA-256.</summary>
    public static string IdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "key-" + Convert.ToHexStringLower(Hash(key))[..16];
    }

    /// <summary>True when <paramref name="id"/> has the shape of a created key's id.</summary>
    public static bool IsKeyId(string? id) => id is not null && IdShape().IsMatch(id);

    /// <summary>Creates and stores a key. The returned <see cref="CreatedApiKey.Key"/> is the only copy.</summary>
    /// <param name="description">A note for operators (who uses it); stored as given.</param>
    public async Task<CreatedApiKey> CreateAsync(ApiKeyScope scope, string? description = null, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(scope))
        {
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown scope.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var key = KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var hash = Convert.ToHexStringLower(Hash(key));
            var record = new ApiKeyRecord("key-" + hash[..16], scope, hash, _time.GetUtcNow(), null, description);
            try
            {
                await _store.AddAsync(record, cancellationToken).ConfigureAwait(false);
                return new CreatedApiKey(record.Id, key, scope);
            }
            catch (StateAlreadyExistsException) when (attempt < 3)
            {
                // A 64-bit id collision: astronomically unlikely, but a fresh key costs nothing.
            }
        }
    }

    /// <summary>Who <paramref name="presented"/> belongs to, or null when it is no valid key (unknown, revoked,
    /// empty). Hashes are compared in constant time.</summary>
    public async Task<ApiKeyIdentity?> VerifyAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > MaxPresentedLength)
        {
            return null;
        }

        var hash = Hash(presented);
        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(hash, _bootstrapHash))
        {
            return new ApiKeyIdentity(BootstrapKeyId, ApiKeyScope.Admin);
        }

        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null; // not a key we create: no row can match, so skip the read
        }

        var hex = Convert.ToHexStringLower(hash);
        var row = await _store.GetAsync("key-" + hex[..16], cancellationToken).ConfigureAwait(false);
        return row is { IsRevoked: false }
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hex), Encoding.ASCII.GetBytes(row.Hash))
            ? new ApiKeyIdentity(row.Id, row.Scope)
            : null;
    }

    /// <summary>Revokes a key: from now on it fails <see cref="VerifyAsync"/>. Revoking a revoked key succeeds.</summary>
    /// <returns>False when there is no such key (including ids of the wrong shape).</returns>
    /// <exception cref="InvalidOperationException"><paramref name="id"/> is <see cref="BootstrapKeyId"/>: that key
    /// lives in configuration.</exception>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        if (id == BootstrapKeyId)
        {
            throw new InvalidOperationException("The bootstrap admin key is configuration: rotate it in Key Vault (or restart without --api-key).");
        }

        return IsKeyId(id) && await _store.RevokeAsync(id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false) is not null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [GeneratedRegex("^key-[0-9a-f]{16}$")]
    private static partial Regex IdShape();
}
