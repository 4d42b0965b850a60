using SkyHedge.Control.Keys;

namespace SkyHedge.Control.Admin;

/// <summary><c>POST /api/keys</c> and <c>DELETE /api/keys/{id}</c>.</summary>
internal sealed class KeyHandlers(ApiKeys keys)
{
    /// <summary>Descriptions are notes for operators, not documents.</summary>
    private const int MaxDescriptionLength = 256;

    public async Task<AdminResponse> CreateAsync(string body, CancellationToken cancellationToken)
    {
        var (obj, problem) = JsonBody.Object(body, "scope", "description");
        if (obj is null)
        {
            return problem!;
        }

        var (scopeText, p1) = JsonBody.String(obj, "scope", required: true);
        var (description, p2) = JsonBody.String(obj, "description", required: false);
        if ((p1 ?? p2) is { } invalid)
        {
            return invalid;
        }

        ApiKeyScope scope;
        switch (scopeText)
        {
            case "inference":
                scope = ApiKeyScope.Inference;
                break;
            case "admin":
                scope = ApiKeyScope.Admin;
                break;
            default:
                return Problems.BadRequest($"Field 'scope': expected 'inference' or 'admin', got '{scopeText}'.");
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            return Problems.BadRequest($"Field 'description': at most {MaxDescriptionLength} characters, got {description.Length}.");
        }

        var created = await keys.CreateAsync(scope, description, cancellationToken).ConfigureAwait(false);
        return AdminJson.Response(201, created, new Dictionary<string, string> { ["Location"] = $"/api/keys/{created.Id}" });
    }

    public async Task<AdminResponse> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (id == ApiKeys.BootstrapKeyId)
        {
            return Problems.Conflict("The bootstrap admin key lives in configuration: rotate it there (Key Vault, or --api-key locally).");
        }

        return await keys.RevokeAsync(id, cancellationToken).ConfigureAwait(false)
            ? new AdminResponse(204, null, string.Empty)
            : Problems.NotFound($"No key with id '{id}'.");
    }
}
