using Microsoft.AspNetCore.Http;
using SkyHedge.Router.Requests;

namespace SkyHedge.Router.Pipeline;

/// <summary>Reads a request body into memory, refusing (413) anything over the limit before reading it when the
/// length is declared, and as soon as the limit is passed when it is not.</summary>
/// <remarks>With a declared length (every OpenAI client sends one) the body is read into one array of exactly that
/// size: this runs on every request, and an extra buffer per request shows up in the router's throughput.</remarks>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit)
            {
                throw TooLarge(limit);
            }

            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static RequestRejectedException TooLarge(long limit) =>
        new(413, $"The request body is larger than the limit of {limit} bytes.", "invalid_request_error", "request_too_large");
}
