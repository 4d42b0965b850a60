using System.Diagnostics;

namespace SkyHedge.Simulation.Optimal;

/// <summary>
/// Solves the <c>optimal</c> policy's problem (SpotHedge artifact, <c>policies/optimal_ilp.py</c>) exactly.
/// Instead of handing the ILP to a MIP solver (seconds to minutes for a day of 30 s ticks), it solves the
/// equivalent min-cost flow of <see cref="CoverageNetwork"/>, which takes milliseconds and is integral by
/// construction.
/// </summary>
public static class OptimalPlanner
{
    /// <summary>
    /// Returns a minimum-cost plan. <paramref name="timeLimit"/> bounds the solve (checked between augmenting
    /// paths; <see cref="Timeout.InfiniteTimeSpan"/> = none); if it runs out, the all-on-demand plan is returned
    /// with <see cref="OptimalPlan.Optimal"/> false.
    /// </summary>
    public static OptimalPlan Solve(OptimalInput input, TimeSpan timeLimit)
    {
        var clock = Stopwatch.StartNew();
        var ticks = Validate(input, timeLimit);
        var deadline = timeLimit == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : timeLimit;
        var zones = input.Capacity.Length;
        var coldStart = input.ColdStartTicks;
        var ceiling = input.Target + input.Overprovision;
        var span = Math.Max(0, ticks - coldStart);

        var readyCapacity = new int[zones + 1][];
        var price = new double[zones + 1];
        for (var z = 0; z < zones; z++)
        {
            readyCapacity[z] = ReadyCapacity(input.Capacity[z], coldStart, ceiling, span);
            price[z] = input.SpotPrice(z);
        }

        readyCapacity[zones] = new int[span];
        Array.Fill(readyCapacity[zones], ceiling);
        price[zones] = input.OnDemandCostRatio;

        var network = new CoverageNetwork(readyCapacity, price, coldStart);

        // With no tick to cover (Target 0, or the horizon shorter than a cold start) the empty flow is the answer.
        var needed = span == 0 ? 0 : input.Target;
        var routed = network.Route(needed, clock, deadline);
        return routed < needed
            ? PlanBuilder.AllOnDemand(input, ticks)
            : PlanBuilder.Build(input, ticks, network.ReadyCounts(), optimal: true);
    }

    /// <summary>
    /// Most replicas a zone can have ready at tick C + i: a ready replica was held through [t − C, t], so each
    /// of those ticks' capacities bounds it, and the artifact bounds every variable by Target + Overprovision.
    /// </summary>
    private static int[] ReadyCapacity(int[] capacity, int coldStart, int ceiling, int span)
    {
        var ready = new int[span];
        for (var i = 0; i < span; i++)
        {
            var min = ceiling;
            for (var t = i; t <= i + coldStart; t++)
            {
                min = Math.Min(min, capacity[t]);
            }

            ready[i] = min;
        }

        return ready;
    }

    private static int Validate(OptimalInput input, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Capacity, nameof(input));
        if (timeLimit < TimeSpan.Zero && timeLimit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimit), timeLimit, "time limit must be non-negative or infinite");
        }

        // Without a zone the horizon length is unknown; every caller has at least one zone.
        if (input.Capacity.Length == 0)
        {
            throw new ArgumentException("capacity needs at least one zone", nameof(input));
        }

        var ticks = input.Capacity[0]?.Length ?? 0;
        foreach (var zone in input.Capacity)
        {
            if (zone is null || zone.Length != ticks)
            {
                throw new ArgumentException("every zone needs a capacity for each of the same N ticks", nameof(input));
            }

            if (Array.Exists(zone, c => c < 0))
            {
                throw new ArgumentException("capacities must be non-negative", nameof(input));
            }
        }

        if (input.Target < 0 || input.Overprovision < 0 || input.ColdStartTicks < 0)
        {
            throw new ArgumentException("target, overprovision and cold start must be non-negative", nameof(input));
        }

        if (!double.IsFinite(input.OnDemandCostRatio) || input.OnDemandCostRatio < 0)
        {
            throw new ArgumentException("on-demand cost ratio must be finite and non-negative", nameof(input));
        }

        if (input.SpotPrices is { } prices && (prices.Length != input.Capacity.Length || prices.Any(p => !double.IsFinite(p) || p < 0)))
        {
            throw new ArgumentException("spot prices must be one finite, non-negative price per zone", nameof(input));
        }

        return ticks;
    }
}
