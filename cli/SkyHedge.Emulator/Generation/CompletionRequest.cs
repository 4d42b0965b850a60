namespace SkyHedge.Emulator.Generation;

/// <summary>A validated completion request: what the emulator needs of it.</summary>
/// <param name="Kind">The endpoint.</param>
/// <param name="Prompt">The prompt text (chat: the rendered conversation); the output text is a function of it.</param>
/// <param name="PromptTokens">Estimated prompt size (<see cref="TokenEstimator"/>); drives the time to first token.</param>
/// <param name="MaxTokens">Tokens to generate: the emulator always generates exactly this many (finish reason
/// <c>length</c>).</param>
/// <param name="Stream">Server-sent events instead of one JSON response.</param>
/// <param name="IncludeUsage">Streaming only: <c>stream_options.include_usage</c>, a last chunk with the usage.</param>
internal sealed record CompletionRequest(RequestKind Kind, string Prompt, int PromptTokens, int MaxTokens, bool Stream, bool IncludeUsage);
