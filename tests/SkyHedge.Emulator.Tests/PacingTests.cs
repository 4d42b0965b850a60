using Microsoft.Extensions.Time.Testing;
using SkyHedge.Emulator.Generation;
using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>The pacing rules on a fake clock: exact gaps from the core model, at the batch of the moment, on a
/// schedule that starts at admission. Times are since the request's admission.</summary>
public sealed class PacingTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly DateTimeOffset _admitted;
    private readonly Batch _batch = new();

    public PacingTests()
    {
        _admitted = _time.GetUtcNow();
    }

    private TimeSpan Now => _time.GetUtcNow() - _admitted;

    [Fact]
    public async Task The_first_token_comes_after_the_ttft_and_the_next_after_the_tpot_at_batch_1()
    {
        var model = EmulatorModel.A10G;
        using var member = _batch.Join(100);
        var pacer = Clock(timeScale: 1).Start(member, 100);

        var first = model.TimeToFirstToken(100);
        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), first);
        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), first + model.TimePerOutputToken(1, 101));
        Assert.Equal((1, 102), _batch.Snapshot());
    }

    [Fact]
    public async Task A_request_joining_makes_the_next_gap_that_of_a_batch_of_two()
    {
        var model = EmulatorModel.A10G;
        using var first = _batch.Join(1000);
        var pacer = Clock(timeScale: 1).Start(first, 1000);
        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), model.TimeToFirstToken(1000));

        using var second = _batch.Join(3001);

        // Average context (1001 + 3001) / 2 = 2001 tokens.
        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), model.TimeToFirstToken(1000) + model.TimePerOutputToken(2, 2001));
    }

    [Fact]
    public async Task The_time_scale_divides_every_gap()
    {
        var model = EmulatorModel.A10G;
        using var member = _batch.Join(100);
        var pacer = Clock(timeScale: 10).Start(member, 100);

        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), model.TimeToFirstToken(100) / 10);
        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), (model.TimeToFirstToken(100) / 10) + (model.TimePerOutputToken(1, 101) / 10));
    }

    [Fact]
    public async Task A_small_delay_is_made_up_so_timer_lateness_does_not_add_up()
    {
        var model = EmulatorModel.A10G;
        using var member = _batch.Join(100);
        var pacer = Clock(timeScale: 1).Start(member, 100);
        var first = pacer.NextTokenAsync(CancellationToken.None);
        _time.Advance(model.TimeToFirstToken(100) + TimeSpan.FromMilliseconds(5)); // the timer fired 5 ms late
        await first;

        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), model.TimeToFirstToken(100) + model.TimePerOutputToken(1, 101));
    }

    [Fact]
    public async Task After_a_stall_the_tokens_resume_at_their_pace_instead_of_bursting()
    {
        var model = EmulatorModel.A10G;
        using var member = _batch.Join(100);
        var pacer = Clock(timeScale: 1).Start(member, 100);
        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), model.TimeToFirstToken(100));

        _time.Advance(TimeSpan.FromSeconds(1)); // e.g. a GC pause, or a client that stopped reading

        await AssertOutAtAsync(pacer.NextTokenAsync(CancellationToken.None), Now + model.TimePerOutputToken(1, 101));
    }

    [Fact]
    public void A_member_leaves_the_batch_once_with_the_context_it_grew_to()
    {
        var one = _batch.Join(10);
        using var two = _batch.Join(30);
        one.Advance();
        one.Advance();

        Assert.Equal((2, 21), _batch.Snapshot());
        one.Dispose();
        one.Dispose();
        Assert.Equal((1, 30), _batch.Snapshot());
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("abc", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("Say hello to the spot market", 7)]
    public void Prompts_count_one_token_per_four_characters_rounded_up(string text, int tokens) =>
        Assert.Equal(tokens, TokenEstimator.Count(text));

    private PerformanceClock Clock(double timeScale) => new(EmulatorModel.A10G, _batch, timeScale, _time);

    /// <summary>The token is not out a tick before <paramref name="due"/> (since admission), and is out within the
    /// millisecond after it: timers count whole milliseconds, and the pacer rounds up so a token is never early.</summary>
    private async Task AssertOutAtAsync(Task token, TimeSpan due)
    {
        _time.Advance(due - TimeSpan.FromTicks(1) - Now);
        await Task.WhenAny(token, Task.Delay(20)); // a continuation released too early gets the time to finish
        Assert.False(token.IsCompleted, $"out before {due.TotalMilliseconds:0.000} ms");
        _time.Advance(due + TimeSpan.FromMilliseconds(1) - Now);
        await token.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
