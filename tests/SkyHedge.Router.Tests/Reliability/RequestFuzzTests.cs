using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests.Reliability;

/// <summary>
/// Bad OpenAI-style bodies on /v1/completions and /v1/chat/completions: each gets a 4xx with an OpenAI error whose
/// message says what was wrong, never a 5xx; a refused body never reaches the replica; and the router goes on
/// serving valid requests. Mutations come from a fixed seed, so a failure names a body that reproduces.
/// </summary>
[Collection(RouterTestGroup.Name)]
[Trait("Category", "Reliability")]
public sealed partial class RequestFuzzTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] OddJson =
    [
        "null", "true", "0", "-1", "1.5", "1e308", "-1e308", "2147483648", "99999999999999999999", "\"16\"", "\"\"", "\"   \"", "[]", "{}",
        "\"llm\"", "\"other-model\"", "\"\\ud800\"", "\"x\\udc00\"", "\"😀\"", "\"é\"", "\"\\u0000\"", "[\"a\", 1, null]", "[[1, 2], [3]]", "[{}]",
        "[{\"role\": 1}]", "[{\"content\": \"x\"}]", "[{\"role\": \"user\", \"content\": 5}]", "[{\"role\": \"user\", \"content\": [{\"text\": 1}, {\"type\": \"image\"}]}]",
        "{\"role\": \"user\"}", new string('[', 100) + new string(']', 100), "\"" + new string('x', MaxBodyBytes) + "\"",
    ];

    private static readonly (string Path, (string Field, string Value)[] Fields)[] Valid =
    [
        ("/v1/completions", [("model", "\"llm\""), ("prompt", "\"Hello\""), ("max_tokens", "16"), ("stream", "false")]),
        ("/v1/chat/completions", [("model", "\"llm\""), ("messages", "[{\"role\": \"user\", \"content\": \"hi\"}]"), ("max_completion_tokens", "8")]),
    ];

    private RouterHarness _router = null!;
    private FakeReplica _replica = null!;

    public async Task InitializeAsync()
    {
        _router = await RouterHarness.StartAsync(azurite, new Dictionary<string, string>
        {
            ["SkyHedge:Router:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SkyHedge:Router:RateLimitPerSecond"] = "100000",
            ["SkyHedge:Router:RateLimitBurst"] = "100000",
        });
        _replica = await FakeReplica.StartAsync("r1");
        await _router.ServeAsync("llm", _replica);
    }

    public async Task DisposeAsync()
    {
        await _replica.DisposeAsync();
        await _router.DisposeAsync();
    }

    [Fact]
    public async Task Mutated_bodies_get_a_specific_4xx_or_reach_the_replica_as_a_valid_request()
    {
        var random = new Random(20_240_601);
        var (served, refused) = (0, 0);
        for (var i = 0; i < 1000; i++)
        {
            var (path, fields) = Valid[random.Next(Valid.Length)];
            var body = Damage(Edit(fields, random), random);
            if (await SendAsync(path, body, chunked: random.Next(4) == 0))
            {
                served++;
            }
            else
            {
                refused++;
            }
        }

        Assert.True(served > 50 && refused > 500, $"{served} served, {refused} refused");
        await _router.CompleteAsync("llm").OkAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_prompt_beyond_the_body_limit_is_413_with_or_without_a_content_length(bool chunked)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"model\": \"llm\", \"prompt\": \"{new string('a', MaxBodyBytes)}\"}}");
        Assert.False(await SendAsync("/v1/completions", body, chunked));
        var chat = Encoding.UTF8.GetBytes($"{{\"model\": \"llm\", \"messages\": [{{\"role\": \"user\", \"content\": \"{new string('é', MaxBodyBytes / 2)}\"}}]}}");
        Assert.False(await SendAsync("/v1/chat/completions", chat, chunked));
        Assert.Equal(0, _replica.Count);
        await _router.CompleteAsync("llm").OkAsync();
    }

    [Theory]
    [InlineData("{\"model\": \"llm\", \"prompt\": \"hi\", \"max_tokens\": \"16\"}", "\"max_tokens\" must be a positive whole number")]
    [InlineData("{\"model\": \"llm\", \"prompt\": \"hi\", \"max_tokens\": 1e308}", "\"max_tokens\" must be a positive whole number")]
    [InlineData("{\"model\": \"llm\", \"prompt\": \"hi\", \"max_tokens\": 99999999999999999999}", "\"max_tokens\" must be a positive whole number")]
    [InlineData("{\"model\": \"llm\", \"prompt\": \"hi\", \"max_completion_tokens\": [16]}", "\"max_completion_tokens\" must be a positive whole number")]
    [InlineData("{\"model\": \"\\ud800\", \"prompt\": \"hi\"}", "not valid text")]
    [InlineData("{\"model\": \"llm\", \"prompt\": [\"ok\", \"\\udfff\"]}", "not valid text")]
    [InlineData("{\"model\": \"llm\", \"messages\": [{\"role\": \"\\ud83d\", \"content\": \"x\"}]}", "not valid text")]
    [InlineData("{\"model\": \"llm\", \"prompt\": 12}", "\"prompt\" must be a string, a list of strings, or token ids")]
    [InlineData("{\"model\": 7, \"prompt\": \"hi\"}", "\"model\" string")]
    public async Task Wrong_types_numbers_out_of_range_and_broken_unicode_are_400_with_the_field(string body, string expected)
    {
        var path = body.Contains("messages", StringComparison.Ordinal) ? "/v1/chat/completions" : "/v1/completions";
        Assert.Contains(expected, await RefusedAsync(path, Encoding.UTF8.GetBytes(body), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(0, _replica.Count);
        await _router.CompleteAsync("llm").OkAsync();
    }

    [Fact]
    public async Task Invalid_utf8_and_ten_thousand_levels_of_nesting_are_400()
    {
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        byte[][] bodies =
        [
            [.. Utf8("{\"model\": \"llm\", \"prompt\": \""), 0xFF, 0xC3, 0x28, .. Utf8("\"}")],
            [.. Utf8("{\"model\": \"ll"), 0xC0, 0xAF, .. Utf8("m\", \"prompt\": \"hi\"}")],
            Utf8("{\"model\": \"llm\", \"prompt\": " + new string('[', 10_000) + new string(']', 10_000) + "}"),
            Utf8("{\"model\": \"llm\", \"messages\": [{\"role\": \"user\", \"content\": " + string.Concat(Enumerable.Repeat("[{\"a\":", 5_000)) + "1" + string.Concat(Enumerable.Repeat("}]", 5_000)) + "}]}"),
        ];
        foreach (var body in bodies)
        {
            var path = Encoding.UTF8.GetString(body).Contains("messages", StringComparison.Ordinal) ? "/v1/chat/completions" : "/v1/completions";
            Assert.Matches("not valid (JSON|text)", await RefusedAsync(path, body, HttpStatusCode.BadRequest));
        }

        Assert.Equal(0, _replica.Count);
        await _router.CompleteAsync("llm").OkAsync();
    }

    /// <summary>Sends a body; true when the replica served it (and got exactly it), false when it was refused with a
    /// specific 4xx (and the replica saw nothing).</summary>
    private async Task<bool> SendAsync(string path, byte[] body, bool chunked)
    {
        var before = _replica.Count;
        using HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _router.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        var shown = Encoding.UTF8.GetString(body);
        var because = $"{(int)response.StatusCode} {text} for {path} {(shown.Length > 300 ? shown[..300] : shown)}";
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.True(_replica.Count == before + 1, because);
            using var received = JsonDocument.Parse(_replica.Bodies.Last());
            Assert.Equal("llm", received.RootElement.GetProperty("model").GetString());
            return true;
        }

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge, because);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Matches(Specific(), error.GetProperty("message").GetString());
        Assert.True(_replica.Count == before, "a refused body reached the replica: " + because);
        return false;
    }

    private async Task<string> RefusedAsync(string path, byte[] body, HttpStatusCode status)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _router.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    /// <summary>Up to three edits of a valid body: a field dropped, given an odd value, repeated, or a stranger added.</summary>
    private static string Edit((string Field, string Value)[] valid, Random random)
    {
        var fields = valid.ToList();
        for (var edits = random.Next(4); edits > 0; edits--)
        {
            var i = random.Next(fields.Count + 1);
            var odd = OddJson[random.Next(OddJson.Length)];
            switch (random.Next(4))
            {
                case 0 when i < fields.Count:
                    fields.RemoveAt(i);
                    break;
                case 1 when i < fields.Count:
                    fields[i] = (fields[i].Field, odd);
                    break;
                case 2 when i < fields.Count:
                    fields.Add((fields[i].Field, odd));
                    break;
                default:
                    fields.Add(("unknown_field", odd));
                    break;
            }
        }

        return "{" + string.Join(", ", fields.Select(f => $"\"{f.Field}\": {f.Value}")) + "}";
    }

    /// <summary>One time in four: truncation, stray punctuation, or invalid UTF-8 bytes at a random place.</summary>
    private static byte[] Damage(string text, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = random.Next(bytes.Length + 1);
        return random.Next(12) switch
        {
            0 => bytes[..at],
            1 => [.. bytes[..at], .. "}{,\"\\"u8.ToArray(), .. bytes[at..]],
            2 => [.. bytes[..at], 0xFF, 0xC3, 0x28, .. bytes[at..]],
            _ => bytes,
        };
    }

    [GeneratedRegex("must|not valid JSON|not valid text|does not exist|larger than the limit of \\d+ bytes")]
    private static partial Regex Specific();
}
