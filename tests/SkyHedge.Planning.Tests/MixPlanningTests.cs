using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;

namespace SkyHedge.Planning.Tests;

/// <summary>The planner over the performance model: what the Mélange paper observed about rates holds here.</summary>
public sealed class MixPlanningTests
{
    private static readonly TimeSpan Slo = TimeSpan.FromMilliseconds(120);

    // Seven short chats to three long prompts.
    private static readonly Demand Chats = Demand.From(
        [.. Enumerable.Repeat((200, 100), 7), .. Enumerable.Repeat((1500, 400), 3)], ModelProfile.Llama2_7B.MaxContextTokens);

    [Fact]
    public void At_low_rates_the_cheap_gpus_win_and_at_high_rates_the_large_ones_join()
    {
        var low = Plan(0.5);
        var high = Plan(30);

        Assert.All(low.Counts.Keys, gpu => Assert.True(Price(gpu) < 2m, $"{gpu} in the low-rate mix {Describe(low)}"));
        Assert.Contains(high.Counts.Keys, gpu => Price(gpu) > 3m);
    }

    [Fact]
    public void The_mix_never_costs_more_than_the_best_single_type_and_the_baselines_say_which_types_cannot_serve()
    {
        foreach (var rate in new[] { 1.0, 4, 8, 16 })
        {
            var problem = Problem(rate);
            var mix = MixPlanner.Solve(problem);
            var singles = MixPlanning.SingleTypeBaselines(problem);

            Assert.Equal(GpuCatalog.Default.All.Count, singles.Count);
            Assert.All(singles.Where(s => s.Plan is not null), s => Assert.True(mix.CostPerHour <= s.Plan!.CostPerHour, $"rate {rate}: mix {Describe(mix)} vs {s.Gpu} ${s.Plan!.CostPerHour}"));
        }

        // The 16 GB GPUs' KV cache (3,814 tokens) cannot hold one 3,900-token sequence.
        var longOnes = Demand.From([(3000, 900)], ModelProfile.Llama2_7B.MaxContextTokens);
        var baselines = MixPlanning.SingleTypeBaselines(Problem(1, longOnes));
        Assert.Equal(["T4", "V100"], baselines.Where(b => b.Plan is null).Select(b => b.Gpu));
    }

    [Fact]
    public void The_routing_table_sends_each_bucket_to_the_type_serving_most_of_it()
    {
        var plan = Plan(8);

        var table = plan.ToRoutingTable();

        Assert.Equal(Chats.Buckets.Count, table.Rules.Count);
        foreach (var bucket in Chats.Buckets)
        {
            var pool = table.Lookup(bucket.Input, bucket.Output);
            var top = plan.Assignment.Where(a => a.Input == bucket.InputRange && a.Output == bucket.OutputRange)
                .GroupBy(a => a.Pool).Select(g => (Pool: g.Key, Rate: g.Sum(a => a.Rate)))
                .OrderByDescending(p => p.Rate).ThenBy(p => p.Pool, StringComparer.Ordinal).First(); // ties: the first pool by name
            Assert.Equal(top.Pool, pool);
        }
    }

    private static MixProblem Problem(double rate, Demand? demand = null) => MixPlanning.Problem(
        demand ?? Chats,
        rate,
        [.. GpuCatalog.Default.All.Select(g => new PlanGpu(g.Id, g.OnDemandUsdPerHour))],
        MixPlanning.FromModel(ModelProfile.Llama2_7B, Slo));

    private static MixPlan Plan(double rate) => MixPlanner.Solve(Problem(rate));

    private static decimal Price(string gpu) => GpuCatalog.Default.Find(gpu)!.OnDemandUsdPerHour;

    private static string Describe(MixPlan plan) => string.Join(" + ", plan.Counts.Select(c => $"{c.Value} {c.Key}")) + $" = ${plan.CostPerHour}";
}
