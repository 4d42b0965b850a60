namespace SkyHedge.Cli.Admin;

/// <summary>A successful (2xx) admin API answer.</summary>
/// <param name="Body">The JSON text exactly as the API sent it (already checked to parse).</param>
/// <param name="ETag">The <c>ETag</c> header, for a later <c>If-Match</c>; null when absent.</param>
internal sealed record AdminReply(int Status, string Body, string? ETag);
