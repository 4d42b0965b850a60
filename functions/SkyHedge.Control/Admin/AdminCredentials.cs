using SkyHedge.Control.Keys;

namespace SkyHedge.Control.Admin;

/// <summary>Finds and checks the caller's key: <c>Authorization: Bearer KEY</c>, or the Functions-style
/// <c>x-functions-key</c> header (so tools that speak to Azure Functions work unchanged).</summary>
internal sealed class AdminCredentials(ApiKeys keys)
{
    public const string FunctionsKeyHeader = "x-functions-key";

    /// <summary>The presented secret, or null when the request carries none.</summary>
    public static string? Presented(AdminRequest request)
    {
        if (request.Header("Authorization") is { } authorization)
        {
            var parts = authorization.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return parts[1];
            }
        }

        return request.Header(FunctionsKeyHeader) is { Length: > 0 } key ? key.Trim() : null;
    }

    /// <summary>The caller, or the 401/403 to answer with.</summary>
    public async Task<(ApiKeyIdentity? Caller, AdminResponse? Problem)> RequireAsync(
        AdminRequest request, ApiKeyScope scope, CancellationToken cancellationToken)
    {
        var presented = Presented(request);
        if (presented is null)
        {
            return (null, Problems.Unauthorized(
                $"An API key is required: send 'Authorization: Bearer KEY' or '{FunctionsKeyHeader}: KEY'."));
        }

        var caller = await keys.VerifyAsync(presented, cancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            return (null, Problems.Unauthorized("The API key is not valid (unknown or revoked)."));
        }

        return caller.Allows(scope)
            ? (caller, null)
            : (null, Problems.Forbidden($"Key {caller.Id} has scope '{AdminJson.Name(caller.Scope)}'; this needs '{AdminJson.Name(scope)}'."));
    }
}
