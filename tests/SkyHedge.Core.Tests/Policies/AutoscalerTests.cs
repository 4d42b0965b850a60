using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

public sealed class AutoscalerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AutoscalerOptions Scaling(int min = 1, int max = 10, double qps = 1) =>
        new() { MinReplicas = min, MaxReplicas = max, TargetQpsPerReplica = qps };

    [Theory]
    [InlineData(3, 3)]
    [InlineData(2.5, 3)] // ceil
    [InlineData(0.2, 1)] // any traffic needs a replica, floor is min = 1
    [InlineData(40, 10)] // clipped at max
    [InlineData(0, 1)] // no traffic: min
    public void Steady_load_settles_on_the_clipped_ceiling_of_qps_over_target(double qps, int expected)
    {
        var scaler = new RequestRateAutoscaler(Scaling());
        var load = new LoadDriver(scaler, T0);
        load.Run(qps, seconds: 3600);
        Assert.Equal(expected, scaler.Target);
        Assert.Equal(expected, scaler.WantedTarget(load.Now));
    }

    [Fact]
    public void Target_is_ceil_of_rate_over_target_qps_per_replica()
    {
        var scaler = new RequestRateAutoscaler(Scaling(qps: 0.7));
        scaler.RecordRequests(T0, 42); // 0.7 qps over 60 s: exactly one replica, not two by rounding
        Assert.Equal(0.7, scaler.RequestRate(T0), 12);
        Assert.Equal(1, scaler.WantedTarget(T0));
        scaler.RecordRequests(T0, 1);
        Assert.Equal(2, scaler.WantedTarget(T0));
    }

    [Fact]
    public void A_burst_shorter_than_the_upscale_delay_does_not_scale()
    {
        var scaler = new RequestRateAutoscaler(Scaling());
        var load = new LoadDriver(scaler, T0);
        load.Run(1, seconds: 600);
        load.Run(6, seconds: 180); // wanted higher for 180 s + the 60 s window tail: < 300 s
        var during = load.Run(1, seconds: 600);
        Assert.True(load.Targets.All(t => t == 1), string.Join(",", load.Targets));
        Assert.Equal(1, during[^1]);
    }

    [Fact]
    public void Sustained_load_scales_up_exactly_the_upscale_delay_after_it_is_first_wanted()
    {
        var scaler = new RequestRateAutoscaler(Scaling());
        var load = new LoadDriver(scaler, T0);
        load.Run(1, seconds: 600);
        var start = load.Now;
        var targets = load.Run(5, seconds: 400);

        // The first decision after the load rises (start + 20 s) already wants more; 300 s later it is taken.
        var times = Enumerable.Range(1, targets.Count).Select(i => start.AddSeconds(20 * i)).ToList();
        Assert.Equal(1, targets[times.IndexOf(start.AddSeconds(300))]); // one decision early: not yet
        Assert.Equal(5, targets[times.IndexOf(start.AddSeconds(320))]);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(45)]
    public void The_delay_is_measured_in_time_whatever_the_decision_cadence(int every)
    {
        var scaler = new RequestRateAutoscaler(Scaling());
        for (var s = -59; s <= 400; s++)
        {
            scaler.RecordRequests(T0.AddSeconds(s), 4); // 4 qps, a full window of it from T0 on
        }

        for (var t = T0; t < T0.AddSeconds(400); t = t.AddSeconds(every))
        {
            Assert.Equal(t - T0 >= TimeSpan.FromSeconds(300) ? 4 : 1, scaler.Decide(t));
            if (scaler.Target == 4)
            {
                Assert.True(t - T0 < TimeSpan.FromSeconds(300 + every), "took the change a whole interval late");
                return;
            }
        }

        Assert.Fail("never scaled up");
    }

    [Fact]
    public void Scale_down_waits_for_the_downscale_delay_of_continuously_lower_demand()
    {
        var scaler = new RequestRateAutoscaler(Scaling(), initialTarget: 5);
        var load = new LoadDriver(scaler, T0);
        load.Run(5, seconds: 600);
        var start = load.Now;
        var targets = load.Run(1, seconds: 1400);
        var times = Enumerable.Range(1, targets.Count).Select(i => start.AddSeconds(20 * i)).ToList();

        // Lower is wanted from start + 20 s (the window mixes old and new load), so the drop lands at +1220 s.
        Assert.True(targets.Take(times.IndexOf(start.AddSeconds(1200)) + 1).All(t => t == 5));
        Assert.Equal(1, targets[times.IndexOf(start.AddSeconds(1220))]);
    }

    [Fact]
    public void A_wanted_increase_that_flips_back_restarts_the_upscale_timer()
    {
        var scaler = new RequestRateAutoscaler(Scaling());
        var load = new LoadDriver(scaler, T0);
        load.Run(1, seconds: 600);
        load.Run(5, seconds: 200);
        load.Run(1, seconds: 120); // the window drains: the wanted target returns to the current one
        var second = load.Now;
        var targets = load.Run(5, seconds: 320);

        // 200 s + 280 s of wanting more would exceed the delay if the timer had not restarted.
        Assert.Equal(1, targets[13]); // second + 280 s
        Assert.Equal(1, targets[14]); // second + 300 s: wanted since second + 20 s, only 280 s ago
        Assert.Equal(5, targets[15]); // second + 320 s
        Assert.Equal(second.AddSeconds(320), load.Now);
    }

    [Fact]
    public void A_wanted_decrease_that_flips_back_restarts_the_downscale_timer()
    {
        var scaler = new RequestRateAutoscaler(Scaling(), initialTarget: 3);
        var load = new LoadDriver(scaler, T0);
        load.Run(3, seconds: 120);
        load.Run(1, seconds: 1100);
        load.Run(3, seconds: 60); // wanted == current again
        var targets = load.Run(1, seconds: 1200);
        Assert.True(targets.All(t => t == 3), "scaled down before 1200 s of continuously lower demand");
        Assert.Equal(1, load.Run(1, seconds: 40)[^1]);
    }

    [Fact]
    public void An_increase_that_turns_into_a_decrease_does_not_carry_its_time_over()
    {
        var options = Scaling() with { UpscaleDelaySeconds = 100, DownscaleDelaySeconds = 100 };
        var scaler = new RequestRateAutoscaler(options, initialTarget: 3);
        scaler.RecordRequests(T0, 60 * 5);
        Assert.Equal(3, scaler.Decide(T0)); // wants 5: up timer starts
        Assert.Equal(3, scaler.Decide(T0.AddSeconds(50)));
        scaler.RecordRequests(T0.AddSeconds(100), 60);
        Assert.Equal(3, scaler.Decide(T0.AddSeconds(100))); // the burst left the window: wants 1, down timer starts now
        Assert.Equal(3, scaler.Decide(T0.AddSeconds(199)));
        Assert.Equal(1, scaler.Decide(T0.AddSeconds(200)));
    }

    [Fact]
    public void From_zero_any_request_scales_up_at_once_and_back_to_zero_after_the_downscale_delay()
    {
        var scaler = new RequestRateAutoscaler(Scaling(min: 0));
        Assert.Equal(0, scaler.Target);
        Assert.Equal(0, scaler.Decide(T0));
        scaler.RecordRequests(T0.AddSeconds(20), 1);
        Assert.Equal(1, scaler.Decide(T0.AddSeconds(20)));

        // Idle from then on: zero is wanted from T0 + 100 s (the request left the window) and taken 1200 s later.
        Assert.Equal(1, scaler.Decide(T0.AddSeconds(100)));
        Assert.Equal(1, scaler.Decide(T0.AddSeconds(1299)));
        Assert.Equal(0, scaler.Decide(T0.AddSeconds(1300)));

        scaler.RecordRequests(T0.AddSeconds(2000), 600); // 10 qps: straight to the full wanted target
        Assert.Equal(10, scaler.Decide(T0.AddSeconds(2000)));
    }

    [Fact]
    public void Above_zero_the_upscale_delay_applies_even_with_min_zero()
    {
        var scaler = new RequestRateAutoscaler(Scaling(min: 0), initialTarget: 1);
        scaler.RecordRequests(T0, 600);
        Assert.Equal(1, scaler.Decide(T0));
        for (var s = 20; s < 300; s += 20)
        {
            scaler.RecordRequests(T0.AddSeconds(s), 200);
            Assert.Equal(1, scaler.Decide(T0.AddSeconds(s)));
        }

        scaler.RecordRequests(T0.AddSeconds(300), 200);
        Assert.Equal(10, scaler.Decide(T0.AddSeconds(300)));
    }

    [Theory]
    [InlineData(2, 4, 0, 2)]
    [InlineData(2, 4, 60, 2)]
    [InlineData(2, 4, 180, 3)]
    [InlineData(2, 4, 100_000, 4)]
    [InlineData(0, 4, 0, 0)]
    [InlineData(3, 3, 100_000, 3)]
    public void Wanted_target_is_clipped_to_min_and_max(int min, int max, int requestsInWindow, int expected)
    {
        var scaler = new RequestRateAutoscaler(Scaling(min, max), initialTarget: min);
        scaler.RecordRequests(T0, requestsInWindow);
        Assert.Equal(expected, scaler.WantedTarget(T0));
    }

    [Fact]
    public void The_window_counts_the_last_60_seconds_only()
    {
        var scaler = new RequestRateAutoscaler(Scaling());
        scaler.RecordRequests(T0, 600);
        scaler.RecordRequests(T0.AddSeconds(30), 60);
        Assert.Equal(11, scaler.RequestRate(T0.AddSeconds(59)), 12);
        Assert.Equal(1, scaler.RequestRate(T0.AddSeconds(60)), 12); // T0 is out: the window is (now - 60 s, now]
        Assert.Equal(0, scaler.RequestRate(T0.AddSeconds(90)), 12);
        Assert.Equal(0, scaler.RequestRate(T0.AddSeconds(-1)), 12); // nothing from the future
    }

    [Fact]
    public void Late_reported_requests_count_only_while_they_are_in_the_window()
    {
        var scaler = new RequestRateAutoscaler(Scaling());
        scaler.Decide(T0.AddSeconds(100));
        scaler.RecordRequests(T0.AddSeconds(50), 120); // reported late, still within (40, 100]
        scaler.RecordRequests(T0.AddSeconds(10), 600); // already out of the window
        Assert.Equal(2, scaler.RequestRate(T0.AddSeconds(100)), 12);
        Assert.Equal(2, scaler.WantedTarget(T0.AddSeconds(100)));
    }

    [Fact]
    public void Without_target_qps_the_target_is_fixed_at_min_replicas()
    {
        var scaler = new RequestRateAutoscaler(new AutoscalerOptions { MinReplicas = 2, MaxReplicas = 2 });
        scaler.RecordRequests(T0, 1_000_000);
        Assert.Equal(2, scaler.WantedTarget(T0));
        Assert.Equal(2, scaler.Decide(T0.AddHours(1)));
        Assert.Equal(0, new RequestRateAutoscaler(new AutoscalerOptions { MinReplicas = 0, MaxReplicas = 0 }).Decide(T0));
    }
}
