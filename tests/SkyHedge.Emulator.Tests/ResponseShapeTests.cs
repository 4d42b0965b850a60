using System.Net;
using System.Text.Json;
using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>The responses parse as OpenAI clients expect them, and bad requests get OpenAI's errors.</summary>
public sealed class ResponseShapeTests : IAsyncLifetime
{
    private static readonly int[] TokenIds = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    private InProcessEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await InProcessEmulator.StartAsync(new EmulatorOptions
    {
        Token = InProcessEmulator.Token, TimeScale = 20, Model = "llama-2-7b",
    });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_completion_is_a_text_completion_with_usage_naming_the_gpu()
    {
        using var response = await OpenAi.SendAsync(_emulator.Client, "/v1/completions", new { model = "llama-2-7b", prompt = "Say hello to the spot market", max_tokens = 5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("A10G", response.Headers.GetValues("x-skyhedge-gpu").Single());
        var body = await OpenAi.JsonAsync(response);
        Assert.StartsWith("cmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        Assert.Equal("llama-2-7b", body.GetProperty("model").GetString());
        Assert.Equal("skyhedge-emulator-A10G", body.GetProperty("system_fingerprint").GetString());
        Assert.InRange(body.GetProperty("created").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var choice = body.GetProperty("choices").EnumerateArray().Single();
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(5, choice.GetProperty("text").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var usage = body.GetProperty("usage");
        Assert.Equal(7, usage.GetProperty("prompt_tokens").GetInt32()); // 28 characters / 4
        Assert.Equal(5, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(12, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task A_chat_completion_is_an_assistant_message_with_usage()
    {
        using var response = await OpenAi.SendAsync(_emulator.Client, "/v1/chat/completions", new
        {
            model = "llama-2-7b",
            messages = new object[]
            {
                new { role = "system", content = "Be brief." },
                new { role = "user", content = new object[] { new { type = "text", text = "Hello" } } },
            },
            max_completion_tokens = 3,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await OpenAi.JsonAsync(response);
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        var choice = body.GetProperty("choices").EnumerateArray().Single();
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.False(content.StartsWith(' '), content);
        Assert.Equal(3, content.Split(' ').Length);
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(3, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Max_tokens_defaults_to_16()
    {
        using var response = await OpenAi.SendAsync(_emulator.Client, "/v1/completions", new { prompt = "hi" });

        Assert.Equal(16, (await OpenAi.JsonAsync(response)).GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Models_lists_the_served_model()
    {
        var body = JsonDocument.Parse(await _emulator.Client.GetStringAsync(new Uri("/v1/models", UriKind.Relative))).RootElement;

        Assert.Equal("list", body.GetProperty("object").GetString());
        var model = body.GetProperty("data").EnumerateArray().Single();
        Assert.Equal("llama-2-7b", model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal(4096, model.GetProperty("max_model_len").GetInt32());
    }

    [Theory]
    [InlineData("/v1/completions", """{"model":"gpt-4","prompt":"x"}""", 404, "model_not_found", "model")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":5000}""", 400, "context_length_exceeded", "prompt")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":0}""", 400, null, "max_tokens")]
    [InlineData("/v1/completions", """{"prompt":"x","n":2}""", 400, null, "n")]
    [InlineData("/v1/completions", """{"max_tokens":2}""", 400, null, "prompt")]
    [InlineData("/v1/completions", """{"prompt":["a","b"]}""", 400, null, "prompt")]
    [InlineData("/v1/completions", """{"prompt":"x","stream":"yes"}""", 400, null, "stream")]
    [InlineData("/v1/completions", """{"prompt":""", 400, null, null)]
    [InlineData("/v1/completions", "[]", 400, null, null)]
    [InlineData("/v1/chat/completions", """{"messages":[]}""", 400, null, "messages")]
    [InlineData("/v1/chat/completions", """{"messages":[{"content":"no role"}]}""", 400, null, "messages[0]")]
    [InlineData("/v1/nothing-here", "{}", 404, "not_found", null)]
    public async Task Bad_requests_get_OpenAI_errors(string path, string body, int status, string? code, string? param)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _emulator.Client.PostAsync(new Uri(path, UriKind.Relative), content);

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await OpenAi.JsonAsync(response)).GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_prompt_of_token_ids_counts_exactly()
    {
        using var response = await OpenAi.SendAsync(_emulator.Client, "/v1/completions", new { prompt = TokenIds, max_tokens = 1 });

        Assert.Equal(9, (await OpenAi.JsonAsync(response)).GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }
}
