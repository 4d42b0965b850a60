namespace SkyHedge.Router.Requests;

/// <summary>The OpenAI endpoint a request came to.</summary>
internal enum RequestKind
{
    Completions,
    Chat,
    Embeddings,
}
