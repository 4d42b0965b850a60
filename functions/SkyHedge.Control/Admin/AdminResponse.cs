namespace SkyHedge.Control.Admin;

/// <summary>What the host writes back: status, content type, body text and any extra headers (<c>Location</c>,
/// <c>ETag</c>, <c>Allow</c>, <c>WWW-Authenticate</c>).</summary>
public sealed class AdminResponse
{
    internal AdminResponse(int statusCode, string? contentType, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        Headers = headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary><c>application/json</c>, <c>application/problem+json</c>, or null when there is no body (204).</summary>
    public string? ContentType { get; }

    /// <summary>The body text (empty when none).</summary>
    public string Body { get; }

    /// <summary>Headers to add besides <c>Content-Type</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public override string ToString() => $"{StatusCode} {ContentType} {Body}";
}
