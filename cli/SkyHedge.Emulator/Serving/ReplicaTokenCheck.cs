using System.Security.Cryptography;
using System.Text;

namespace SkyHedge.Emulator.Serving;

/// <summary>
/// Checks <c>Authorization: Bearer TOKEN</c> against the replica's token (the one the router presents). Both sides are
/// hashed first so the comparison is constant-time whatever the lengths. Without a token every request is accepted.
/// </summary>
internal sealed class ReplicaTokenCheck(string? token)
{
    private const string Scheme = "Bearer ";
    private readonly byte[]? _expected = token is null ? null : Hash(token);

    public bool Required => _expected is not null;

    public bool Accepts(string? authorization)
    {
        if (_expected is null)
        {
            return true;
        }

        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(authorization[Scheme.Length..].Trim()), _expected);
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
