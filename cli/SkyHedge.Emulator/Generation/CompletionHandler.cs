using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SkyHedge.Emulator.Serving;

namespace SkyHedge.Emulator.Generation;

/// <summary>
/// Serves <c>/v1/completions</c> and <c>/v1/chat/completions</c>: reads the request, joins the batch, and produces
/// <c>max_tokens</c> deterministic tokens at the pace of the emulated GPU — streamed one server-sent event per token,
/// or as one response after the last. A client that goes away cancels the generation and leaves the batch.
/// </summary>
internal sealed class CompletionHandler(
    string servedModel, int maxContextTokens, Batch batch, PerformanceClock clock, ResponseShapes shapes, ServingMetrics metrics)
{
    private const string FinishReason = "length";

    public async Task HandleAsync(HttpContext context, RequestKind kind)
    {
        var aborted = context.RequestAborted;
        CompletionRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, aborted).ConfigureAwait(false);
            request = CompletionRequestReader.Read(body.RootElement, kind, servedModel, maxContextTokens);
        }
        catch (JsonException ex)
        {
            await OpenAiErrors.WriteAsync(context, 400, $"The request body is not valid JSON: {ex.Message}", "invalid_request_error", null, null).ConfigureAwait(false);
            return;
        }
        catch (InvalidRequestException ex)
        {
            await OpenAiErrors.WriteAsync(context, ex.Status, ex.Message, "invalid_request_error", ex.Param, ex.Code).ConfigureAwait(false);
            return;
        }

        using var member = batch.Join(request.PromptTokens);
        var pacer = clock.Start(member, request.PromptTokens);
        var id = (kind == RequestKind.Chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N")[..24];
        var created = clock.Time.GetUtcNow().ToUnixTimeSeconds();
        var tokens = DeterministicText.Tokens(request.Prompt, leadingSpace: kind == RequestKind.Completion);
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context.Response, request, id, created, tokens, pacer, aborted).ConfigureAwait(false);
            }
            else
            {
                await RespondAsync(context.Response, request, id, created, tokens, pacer, aborted).ConfigureAwait(false);
            }

            metrics.Finished(request.PromptTokens, request.MaxTokens);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away (or the grace period ran out): nobody is left to answer.
        }
    }

    private async Task RespondAsync(
        HttpResponse response, CompletionRequest request, string id, long created, IEnumerable<string> tokens, TokenPacer pacer, CancellationToken aborted)
    {
        var text = new StringBuilder();
        foreach (var token in tokens.Take(request.MaxTokens))
        {
            await pacer.NextTokenAsync(aborted).ConfigureAwait(false);
            text.Append(token);
        }

        response.ContentType = "application/json";
        await response.Body.WriteAsync(shapes.Completion(request, id, created, text.ToString(), request.MaxTokens, FinishReason), aborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(
        HttpResponse response, CompletionRequest request, string id, long created, IEnumerable<string> tokens, TokenPacer pacer, CancellationToken aborted)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // Headers go out at admission, as a real server's do; the first chunk comes after the time to first token.
        await response.StartAsync(aborted).ConfigureAwait(false);
        var index = 0;
        foreach (var token in tokens.Take(request.MaxTokens))
        {
            await pacer.NextTokenAsync(aborted).ConfigureAwait(false);
            index++;
            var last = index == request.MaxTokens && request.Kind == RequestKind.Completion;
            await SendAsync(response, shapes.Chunk(request, id, created, token, first: index == 1, last ? FinishReason : null), aborted).ConfigureAwait(false);
        }

        if (request.Kind == RequestKind.Chat)
        {
            await SendAsync(response, shapes.ChatEndChunk(id, created, FinishReason), aborted).ConfigureAwait(false);
        }

        if (request.IncludeUsage)
        {
            await SendAsync(response, shapes.UsageChunk(request, id, created, request.MaxTokens), aborted).ConfigureAwait(false);
        }

        await SendAsync(response, ResponseShapes.Done, aborted).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpResponse response, byte[] bytes, CancellationToken aborted)
    {
        await response.Body.WriteAsync(bytes, aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
    }
}
