using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SkyHedge.Core.Policies;
using SkyHedge.Core.Spec;

namespace SkyHedge.Core.Tests.Policies;

public sealed class AutoscalerContractTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<AutoscalerOptions, string> BadOptions => new()
    {
        { new AutoscalerOptions { MinReplicas = -1 }, "min_replicas" },
        { new AutoscalerOptions { MinReplicas = 3, MaxReplicas = 2 }, "max_replicas" },
        { new AutoscalerOptions { MaxReplicas = 3, TargetQpsPerReplica = 0 }, "target_qps_per_replica" },
        { new AutoscalerOptions { MaxReplicas = 3, TargetQpsPerReplica = -1 }, "target_qps_per_replica" },
        { new AutoscalerOptions { MaxReplicas = 3, TargetQpsPerReplica = double.NaN }, "target_qps_per_replica" },
        { new AutoscalerOptions { MaxReplicas = 3, TargetQpsPerReplica = double.PositiveInfinity }, "target_qps_per_replica" },
        { new AutoscalerOptions { UpscaleDelaySeconds = -1 }, "upscale_delay_seconds" },
        { new AutoscalerOptions { DownscaleDelaySeconds = -1 }, "downscale_delay_seconds" },
        { new AutoscalerOptions { WindowSeconds = 0 }, "window" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Invalid_options_are_rejected_naming_the_key(AutoscalerOptions options, string key)
    {
        var ex = Assert.Throws<ArgumentException>(() => new RequestRateAutoscaler(options));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void Defaults_are_SkyServes()
    {
        var o = new AutoscalerOptions();
        Assert.Equal((1, 1, null, 300, 1200, 60), (o.MinReplicas, o.MaxReplicas, o.TargetQpsPerReplica, o.UpscaleDelaySeconds, o.DownscaleDelaySeconds, o.WindowSeconds));
        Assert.Equal(20, AutoscalerOptions.DefaultDecisionIntervalSeconds);
        Assert.Equal(1, new RequestRateAutoscaler(o).Target);
    }

    [Fact]
    public void Options_come_from_the_spec_replica_policy()
    {
        var spec = new ReplicaPolicySpec { MinReplicas = 2, MaxReplicas = 7, TargetQpsPerReplica = 2.5, UpscaleDelaySeconds = 30, DownscaleDelaySeconds = 90 };
        var o = AutoscalerOptions.FromSpec(spec);
        Assert.Equal(new AutoscalerOptions { MinReplicas = 2, MaxReplicas = 7, TargetQpsPerReplica = 2.5, UpscaleDelaySeconds = 30, DownscaleDelaySeconds = 90 }, o);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void An_initial_target_outside_min_max_is_rejected(int initial)
    {
        var options = new AutoscalerOptions { MinReplicas = 1, MaxReplicas = 4, TargetQpsPerReplica = 1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateAutoscaler(options, initial));
        Assert.Equal(4, new RequestRateAutoscaler(options, 4).Target);
    }

    [Fact]
    public void Decisions_may_not_go_back_in_time_and_counts_may_not_be_negative()
    {
        var scaler = new RequestRateAutoscaler(new AutoscalerOptions());
        scaler.Decide(T0);
        scaler.Decide(T0); // a replayed decision at the same time is fine
        Assert.Throws<ArgumentOutOfRangeException>(() => scaler.Decide(T0.AddTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => scaler.RecordRequests(T0, -1));
    }

    [Fact]
    public void Works_off_a_TimeProvider_clock()
    {
        var clock = new FakeTimeProvider(T0);
        var scaler = new RequestRateAutoscaler(new AutoscalerOptions { MinReplicas = 1, MaxReplicas = 5, TargetQpsPerReplica = 1 });
        scaler.RecordRequests(clock.GetUtcNow(), 2 * 60); // with the first batch below: a full window of 3 qps
        for (var i = 0; i < 16; i++)
        {
            scaler.RecordRequests(clock.GetUtcNow(), 3 * 20);
            Assert.Equal(i < 15 ? 1 : 3, scaler.Decide(clock.GetUtcNow())); // 15 × 20 s = 300 s after the first
            clock.Advance(TimeSpan.FromSeconds(20));
        }
    }

    private static readonly Gen<AutoscalerOptions> GenOptions =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 8], Gen.Double[0.05, 20], Gen.Int[0, 400], Gen.Int[0, 1500], Gen.Bool)
            .Select((min, span, qps, up, down, fixedSize) => new AutoscalerOptions
            {
                MinReplicas = min,
                MaxReplicas = min + span,
                TargetQpsPerReplica = fixedSize ? null : qps,
                UpscaleDelaySeconds = up,
                DownscaleDelaySeconds = down,
            });

    // Steps: seconds to the next decision, then requests arriving just before it (often zero, sometimes bursts).
    private static readonly Gen<(int Gap, int Count)[]> GenSteps =
        Gen.Select(Gen.Int[1, 120], Gen.OneOf(Gen.Const(0), Gen.Int[0, 50], Gen.Int[0, 5000])).Array[1, 200];

    [Fact]
    public void Target_always_lies_within_min_and_max_and_only_moves_to_the_wanted_target() =>
        Gen.Select(GenOptions, GenSteps).Sample((options, steps) =>
        {
            var scaler = new RequestRateAutoscaler(options);
            var now = T0;
            foreach (var (gap, count) in steps)
            {
                now = now.AddSeconds(gap);
                scaler.RecordRequests(now.AddSeconds(-gap / 2.0), count);
                var before = scaler.Target;
                var wanted = scaler.WantedTarget(now);
                var after = scaler.Decide(now);
                if (after < options.MinReplicas || after > options.MaxReplicas || (after != before && after != wanted))
                {
                    return false;
                }
            }

            return true;
        });
}
