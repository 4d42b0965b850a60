using System.Text.Json;
using SkyHedge.Emulator.Generation;
using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>The output text is a function of the prompt alone: the same in every emulator, every process, every run.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void The_text_of_a_prompt_is_fixed_forever()
    {
        // A literal, not a second computation: a per-process hash (string.GetHashCode) would fail this in some run.
        Assert.Equal(0xdd7b24779de0921dUL, DeterministicText.StableHash("Hello, world"));
        Assert.Equal(
            " router request preemption price capacity",
            string.Concat(DeterministicText.Tokens("Hello there, how are you?", leadingSpace: true).Take(5)));
    }

    [Fact]
    public void Different_prompts_give_different_text()
    {
        var texts = Enumerable.Range(0, 50).Select(i => string.Concat(DeterministicText.Tokens($"prompt {i}", leadingSpace: true).Take(8))).ToList();

        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Fact]
    public async Task Two_emulators_answer_a_prompt_with_the_same_text_streamed_or_not()
    {
        await using var one = await InProcessEmulator.StartAsync(new EmulatorOptions { Token = InProcessEmulator.Token, TimeScale = 20 });
        await using var two = await InProcessEmulator.StartAsync(new EmulatorOptions { Token = InProcessEmulator.Token, TimeScale = 20, Gpu = "H100" });

        var first = await TextAsync(one.Client, "What is a spot instance?");
        var second = await TextAsync(two.Client, "What is a spot instance?");
        using var streamed = await OpenAi.CompleteAsync(one.Client, "What is a spot instance?", 8, stream: true);
        var streamedText = OpenAi.StreamedText(await OpenAi.ReadEventsAsync(streamed, System.Diagnostics.Stopwatch.StartNew()));

        Assert.Equal(first, second);
        Assert.Equal(first, streamedText);
        Assert.NotEqual(first, await TextAsync(one.Client, "What is an on-demand instance?"));
    }

    internal static async Task<string> TextAsync(HttpClient client, string prompt)
    {
        using var response = await OpenAi.CompleteAsync(client, prompt, 8);
        response.EnsureSuccessStatusCode();
        return (await OpenAi.JsonAsync(response)).GetProperty("choices")[0].GetProperty("text").GetString()!;
    }
}
