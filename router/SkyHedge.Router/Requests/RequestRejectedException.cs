namespace SkyHedge.Router.Requests;

/// <summary>A request the router answers itself with an OpenAI-style error (status, message, type, code).</summary>
internal sealed class RequestRejectedException(int status, string message, string type = "invalid_request_error", string? code = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int Status => status;

    public string Type => type;

    public string? Code => code;

    public TimeSpan? RetryAfter => retryAfter;
}
