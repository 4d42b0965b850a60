namespace SkyHedge.Router.Requests;

/// <summary>What the router needs from an OpenAI-style request body: the service (<c>model</c>), whether the answer
/// streams, and the estimated size that picks the GPU pool.</summary>
/// <param name="Body">The body exactly as received; forwarded unchanged (and re-sent on a retry).</param>
/// <param name="MaxTokens">The request's <c>max_tokens</c> (or <c>max_completion_tokens</c>), or null.</param>
internal sealed record InferenceRequest(string Model, bool Stream, int InputTokens, int? MaxTokens, ReadOnlyMemory<byte> Body)
{
    /// <summary>Output tokens for routing: the request's limit, else the service's default; embeddings produce none.</summary>
    public int OutputTokens(int serviceDefault, bool embeddings) => embeddings ? 0 : MaxTokens ?? serviceDefault;
}
