using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Admin;

/// <summary>The admin API's error responses: <c>application/problem+json</c>, with a stable <c>type</c> per kind of
/// problem so clients can branch on it rather than on the wording of <c>detail</c>.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    private const string TypePrefix = "urn:skyhedge:problem:";

    public static AdminResponse InvalidSpec(IReadOnlyList<SpecError> errors) =>
        Problem(
            400,
            "invalid-spec",
            "Invalid service spec",
            errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems; the first: {errors[0]}",
            [.. errors.Select(e => new InputError(e.File, e.Line, e.Column, e.Message))]);

    public static AdminResponse InvalidJson(string file, int line, int column, string message) =>
        Problem(400, "invalid-json", "Invalid JSON", $"{file}:{line}:{column}: {message}", [new InputError(file, line, column, message)]);

    public static AdminResponse BadRequest(string detail) => Problem(400, "bad-request", "Bad request", detail);

    /// <summary>A routing table the core parser refused; <paramref name="detail"/> is its message, which names the
    /// entry and what was expected (e.g. <c>routing[2].input: expected [lo, hi] with 0 ≤ lo &lt; hi, …</c>).</summary>
    public static AdminResponse InvalidRouting(string detail) => Problem(400, "invalid-routing", "Invalid routing table", detail);

    public static AdminResponse Unauthorized(string detail) =>
        Problem(401, "unauthorized", "Unauthorized", detail, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" });

    public static AdminResponse Forbidden(string detail) => Problem(403, "forbidden", "Forbidden", detail);

    public static AdminResponse NotFound(string detail) => Problem(404, "not-found", "Not found", detail);

    public static AdminResponse MethodNotAllowed(string method, string path, IReadOnlyList<string> allowed) =>
        Problem(
            405,
            "method-not-allowed",
            "Method not allowed",
            $"{method} is not allowed on {path}; allowed: {string.Join(", ", allowed)}.",
            headers: new Dictionary<string, string> { ["Allow"] = string.Join(", ", allowed) });

    public static AdminResponse Conflict(string detail) => Problem(409, "conflict", "Conflict", detail);

    public static AdminResponse TooLarge(string detail) => Problem(413, "too-large", "Payload too large", detail);

    public static AdminResponse UnsupportedMediaType(string detail) => Problem(415, "unsupported-media-type", "Unsupported media type", detail);

    private static AdminResponse Problem(
        int status, string slug, string title, string detail, IReadOnlyList<InputError>? errors = null, Dictionary<string, string>? headers = null) =>
        new(status, ContentType, AdminJson.Serialize(new ProblemDetails(TypePrefix + slug, title, status, detail, errors)), headers);
}
