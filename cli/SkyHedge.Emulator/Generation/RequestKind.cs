namespace SkyHedge.Emulator.Generation;

/// <summary>Which OpenAI endpoint a request came to; decides the response shapes.</summary>
internal enum RequestKind
{
    /// <summary><c>/v1/completions</c>: <c>text_completion</c> objects.</summary>
    Completion,

    /// <summary><c>/v1/chat/completions</c>: <c>chat.completion</c> and <c>chat.completion.chunk</c> objects.</summary>
    Chat,
}
