using System.Text.Json;
using SkyHedge.Control.Controller;
using SkyHedge.Control.State;
using SkyHedge.Core.Policies;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Tests.Controller;

/// <summary>The controller's target from request counts: the core autoscaler's rules over state that survives
/// ContinueAsNew (every step here round-trips the state through JSON, as the durable engine does).</summary>
public sealed class ScaleMathTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ReplicaPolicySpec Autoscaling = new()
    {
        MinReplicas = 1, MaxReplicas = 5, TargetQpsPerReplica = 1, UpscaleDelaySeconds = 300, DownscaleDelaySeconds = 1200,
    };

    [Fact]
    public void Without_target_qps_the_target_is_min_replicas_whatever_the_load()
    {
        var fixedSize = new ReplicaPolicySpec { MinReplicas = 2, MaxReplicas = 2 };

        Assert.Equal(new ScaleState(2), ScaleMath.Decide(fixedSize, null, 0, T0));
        Assert.Equal(new ScaleState(2), ScaleMath.Decide(fixedSize, new ScaleState(7, T0), 1_000_000, T0.AddHours(1)));
        Assert.Equal(0, ScaleMath.Decide(new ReplicaPolicySpec { MinReplicas = 0, MaxReplicas = 0 }, null, 50, T0).Target);
    }

    [Fact]
    public void From_zero_any_request_in_the_window_scales_to_at_least_one_at_the_next_decision()
    {
        var fromZero = Autoscaling with { MinReplicas = 0 };

        var idle = ScaleMath.Decide(fromZero, null, 0, T0);
        Assert.Equal(0, idle.Target);
        Assert.Equal(1, Step(fromZero, idle, 1, T0.AddSeconds(20)).Target); // no upscale delay from zero
        Assert.Equal(3, Step(fromZero, idle, 150, T0.AddSeconds(20)).Target); // 2.5 qps → 3 at once
    }

    [Fact]
    public void A_higher_target_is_taken_only_after_the_upscale_delay_across_generations()
    {
        var state = ScaleMath.Decide(Autoscaling, null, 0, T0);
        for (var s = 20; s < 300; s += 20)
        {
            state = Step(Autoscaling, state, 180, T0.AddSeconds(s)); // 3 qps wanted from +20 s
            Assert.Equal((1, T0.AddSeconds(20)), (state.Target, state.HigherSince));
        }

        Assert.Equal(new ScaleState(3), Step(Autoscaling, state, 180, T0.AddSeconds(320)));

        // A dip back to the current target restarts the wait.
        var dipped = Step(Autoscaling, Step(Autoscaling, state, 60, T0.AddSeconds(300)), 180, T0.AddSeconds(320));
        Assert.Equal((1, T0.AddSeconds(320)), (dipped.Target, dipped.HigherSince));
    }

    [Fact]
    public void A_lower_target_is_taken_after_the_downscale_delay()
    {
        var state = new ScaleState(4);
        state = Step(Autoscaling, state, 60, T0);
        Assert.Equal(new ScaleState(4, LowerSince: T0), state);
        Assert.Equal(4, Step(Autoscaling, state, 60, T0.AddSeconds(1199)).Target);
        Assert.Equal(new ScaleState(1), Step(Autoscaling, state, 0, T0.AddSeconds(1200)));
    }

    [Fact]
    public void A_target_outside_a_changed_specs_range_is_clipped_at_once()
    {
        Assert.Equal(2, ScaleMath.Decide(Autoscaling with { MaxReplicas = 2 }, new ScaleState(5), 600, T0).Target);
        Assert.Equal(3, ScaleMath.Decide(Autoscaling with { MinReplicas = 3 }, new ScaleState(1), 0, T0).Target);
    }

    [Fact]
    public void The_hysteresis_matches_the_core_autoscaler_decision_by_decision()
    {
        // The same arrivals fed to the core class (one process, private timers) and to ScaleMath (state through JSON
        // at every step, as through ContinueAsNew) give the same target at every 20 s decision.
        var options = AutoscalerOptions.FromSpec(Autoscaling with { UpscaleDelaySeconds = 60, DownscaleDelaySeconds = 120 });
        var policy = Autoscaling with { UpscaleDelaySeconds = 60, DownscaleDelaySeconds = 120 };
        var core = new RequestRateAutoscaler(options);
        var random = new Random(7);
        var arrivals = new List<(DateTimeOffset At, int Count)>();
        ScaleState? state = null;
        for (var i = 0; i < 500; i++)
        {
            var now = T0.AddSeconds(20 * i);
            var count = (i / 25 % 4) switch { 0 => 0, 1 => random.Next(100, 300), 2 => random.Next(0, 40), _ => random.Next(200, 400) };
            core.RecordRequests(now, count);
            arrivals.Add((now, count));
            var inWindow = arrivals.Where(a => a.At > now.AddSeconds(-60) && a.At <= now).Sum(a => (long)a.Count);

            state = Step(policy, state, inWindow, now);
            Assert.True(core.Decide(now) == state.Target, $"decision {i} at +{20 * i} s: core {core.Target}, controller {state}");
        }
    }

    [Fact]
    public void Buckets_count_in_proportion_to_their_part_in_the_window()
    {
        var now = T0.AddSeconds(15); // 12:00:15, window (11:59:15, 12:00:15]
        RequestCount[] buckets =
        [
            new(T0.AddSeconds(-70), 1000), // wholly before the window
            new(T0.AddSeconds(-50), 100), // [11:59:10, 11:59:20): its last 5 s are inside
            new(T0.AddSeconds(-10), 30), // [11:59:50, 12:00:00): inside
            new(T0.AddSeconds(10), 10), // the current bucket, 5 s old: all of it is recent
        ];

        Assert.Equal(50 + 30 + 10, ScaleMath.RequestsInWindow(buckets, now, TimeSpan.FromSeconds(60)));
        Assert.Equal(10, ScaleMath.RequestsInWindow(buckets, now, TimeSpan.FromSeconds(5)));
        Assert.Equal(0, ScaleMath.RequestsInWindow([], now, TimeSpan.FromSeconds(60)));

        // One request barely inside the window still counts; a bucket that just began (or is ahead) counts whole.
        Assert.Equal(1, ScaleMath.RequestsInWindow([new(T0.AddSeconds(-10), 1)], T0.AddSeconds(59), TimeSpan.FromSeconds(60)));
        Assert.Equal(0, ScaleMath.RequestsInWindow([new(T0.AddSeconds(-10), 1)], T0.AddSeconds(60), TimeSpan.FromSeconds(60)));
        Assert.Equal(7, ScaleMath.RequestsInWindow([new(T0, 7)], T0, TimeSpan.FromSeconds(60)));
        Assert.Equal(7, ScaleMath.RequestsInWindow([new(T0.AddSeconds(10), 7)], T0, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void A_load_step_leaves_the_window_about_a_minute_after_it_ends()
    {
        // 25 requests/s for 45 s, flushed into ten-second buckets, then silence.
        var buckets = Enumerable.Range(0, 5).Select(i => new RequestCount(T0.AddSeconds(10 * i), i < 4 ? 250 : 125)).ToArray();
        var end = T0.AddSeconds(45);

        Assert.Equal(1125, ScaleMath.RequestsInWindow(buckets, end, TimeSpan.FromSeconds(60)));
        Assert.Equal(0, ScaleMath.RequestsInWindow(buckets, end.AddSeconds(65), TimeSpan.FromSeconds(60)));
    }

    /// <summary>One decision from a state that went through JSON, as the controller's memory does.</summary>
    private static ScaleState Step(ReplicaPolicySpec policy, ScaleState? previous, long requests, DateTimeOffset now)
    {
        var carried = previous is null ? null : JsonSerializer.Deserialize<ScaleState>(JsonSerializer.Serialize(previous));
        return ScaleMath.Decide(policy, carried, requests, now);
    }
}
