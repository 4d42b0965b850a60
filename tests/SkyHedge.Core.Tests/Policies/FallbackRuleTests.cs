using CsCheck;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

public sealed class FallbackRuleTests
{
    [Theory]
    [InlineData(3, 0, 4, 0, 3)] // nothing ready: the whole target on demand, never the extra
    [InlineData(3, 0, 4, 1, 3)]
    [InlineData(3, 0, 4, 2, 2)]
    [InlineData(3, 0, 4, 3, 1)] // one ready spot short of the spot target still buys one on-demand replica
    [InlineData(3, 0, 4, 4, 0)]
    [InlineData(3, 0, 4, 6, 0)] // more ready than wanted: no negative fallback
    [InlineData(3, 1, 3, 3, 1)] // B is always kept
    [InlineData(3, 1, 3, 1, 3)] // B + 2 missing
    [InlineData(0, 0, 1, 0, 0)] // T = 0: no on-demand even with the extra missing
    public void On_demand_is_min_of_target_and_base_plus_missing_ready_spot(int target, int baseOnDemand, int spotTarget, int readySpot, int expected) =>
        Assert.Equal(expected, FallbackRule.OnDemandTarget(target, baseOnDemand, spotTarget, readySpot));

    [Theory]
    [InlineData(3, 1, 0, 4)]
    [InlineData(3, 1, 1, 3)]
    [InlineData(3, 0, 3, 0)]
    [InlineData(1, 0, 5, 0)] // never negative
    public void Spot_target_is_target_plus_overprovision_minus_base(int target, int overprovision, int baseOnDemand, int expected) =>
        Assert.Equal(expected, FallbackRule.SpotTarget(target, overprovision, baseOnDemand));

    [Fact]
    public void Negative_target_or_base_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FallbackRule.OnDemandTarget(-1, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FallbackRule.OnDemandTarget(1, -1, 0, 0));
    }

    [Fact]
    public void On_demand_never_exceeds_the_target_and_follows_the_formula() =>
        Gen.Select(Gen.Int[0, 50], Gen.Int[0, 50], Gen.Int[0, 10], Gen.Int[0, 80]).Sample((target, baseOnDemand, overprovision, readySpot) =>
        {
            var spotTarget = FallbackRule.SpotTarget(target, overprovision, baseOnDemand);
            var onDemand = FallbackRule.OnDemandTarget(target, baseOnDemand, spotTarget, readySpot);
            return onDemand <= target
                && onDemand >= 0
                && onDemand == Math.Min(target, baseOnDemand + Math.Max(0, spotTarget - readySpot));
        });

    [Fact]
    public void More_ready_spot_never_means_more_on_demand() =>
        Gen.Select(Gen.Int[0, 50], Gen.Int[0, 50], Gen.Int[0, 10], Gen.Int[0, 80]).Sample((target, baseOnDemand, overprovision, readySpot) =>
        {
            var spotTarget = FallbackRule.SpotTarget(target, overprovision, baseOnDemand);
            return FallbackRule.OnDemandTarget(target, baseOnDemand, spotTarget, readySpot + 1)
                <= FallbackRule.OnDemandTarget(target, baseOnDemand, spotTarget, readySpot);
        });
}
