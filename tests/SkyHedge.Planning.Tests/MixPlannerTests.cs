using CsCheck;
using SkyHedge.Core.Routing;

namespace SkyHedge.Planning.Tests;

public sealed class MixPlannerTests
{
    /// <summary>Mélange's worked example (arXiv 2404.14527, §5.2): two GPUs, 2 × 2 buckets, 30 requests/s.</summary>
    private static MixProblem Toy(int sliceFactor) => new(
        [new PlanGpu("A10G", 1.01m), new PlanGpu("A100", 3.67m)],
        Buckets([0.2, 0.1, 0.5, 0.2], 30),
        [[2, 1, 5, 2], [20, 20, 40, 20]],
        sliceFactor);

    [Fact]
    public void The_Melange_toy_example_gives_3_A10G_and_1_A100_with_whole_buckets()
    {
        var plan = MixPlanner.Solve(Toy(1));

        Assert.Equal(new Dictionary<string, int> { ["A10G"] = 3, ["A100"] = 1 }, plan.Counts);
        Assert.Equal(6.70m, plan.CostPerHour);
        Assert.True(plan.Optimal);
    }

    [Fact]
    public void The_Melange_toy_example_gives_2_A10G_and_1_A100_with_eight_slices()
    {
        var plan = MixPlanner.Solve(Toy(8));

        Assert.Equal(new Dictionary<string, int> { ["A10G"] = 2, ["A100"] = 1 }, plan.Counts);
        Assert.Equal(5.69m, plan.CostPerHour);
        Assert.Equal(30, plan.Assignment.Sum(a => a.Rate), 9);
        AssertCarries(Toy(8), plan);
    }

    [Fact]
    public void Caps_are_respected_and_move_load_to_other_types()
    {
        var capped = Toy(8) with { Gpus = [new PlanGpu("A10G", 1.01m, MaxCount: 0), new PlanGpu("A100", 3.67m)] };

        var plan = MixPlanner.Solve(capped);

        Assert.Equal(new Dictionary<string, int> { ["A100"] = 2 }, plan.Counts);
        AssertCarries(capped, plan);
    }

    [Fact]
    public void Offerings_of_one_gpu_share_its_pool_and_the_cheap_capped_ones_are_used_first()
    {
        // A10G on spot (cheap, but only 1 obtainable: the other zones refused) and on demand; A100 on demand.
        var problem = Toy(8) with
        {
            Gpus =
            [
                new PlanGpu("A10G/spot/us-east-1a", 0.40m, MaxCount: 1, Gpu: "A10G"),
                new PlanGpu("A10G/on-demand", 1.01m, Gpu: "A10G"),
                new PlanGpu("A100", 3.67m),
            ],
            Throughput = [[2, 1, 5, 2], [2, 1, 5, 2], [20, 20, 40, 20]],
        };

        var plan = MixPlanner.Solve(problem);

        Assert.Equal(new Dictionary<string, int> { ["A10G/spot/us-east-1a"] = 1, ["A10G/on-demand"] = 1, ["A100"] = 1 }, plan.Counts);
        Assert.Equal(0.40m + 1.01m + 3.67m, plan.CostPerHour);
        AssertCarries(problem, plan);
        Assert.Subset(new HashSet<string> { "A10G", "A100" }, plan.ToRoutingTable().Pools.ToHashSet());
        Assert.Equal(["A10G", "A100"], MixPlanning.SingleTypeBaselines(problem).Select(b => b.Gpu));
    }

    [Fact]
    public void Spare_capacity_in_the_cheapest_mix_serves_the_sizes_it_suits()
    {
        // One A100 carries all 3 requests/s and the floor of 2 adds an A10G: any split of the small bucket costs the
        // same $4.68/h. The second pass sends the small requests to the A10G ($1.01/h for 30/s beats the A100's
        // $3.67/h for 20/s per request) although the A100 alone could carry them; large ones stay on the A100.
        var problem = new MixProblem(
            [new PlanGpu("A10G", 1.01m), new PlanGpu("A100", 3.67m)],
            Buckets([0.5, 0.5], 3),
            [[30, 0.1], [20, 20]],
            SliceFactor: 8,
            MinReplicas: 2);

        var plan = MixPlanner.Solve(problem);

        Assert.Equal(new Dictionary<string, int> { ["A10G"] = 1, ["A100"] = 1 }, plan.Counts);
        Assert.Equal(1.5, plan.Assignment.Where(a => a.Gpu == "A10G").Sum(a => a.Rate), 9);
        Assert.Equal("A10G", plan.ToRoutingTable().Lookup(0, 0));
        Assert.Equal("A100", plan.Assignment.Single(a => a.Input == new TokenRange(100, 200)).Gpu);
    }

    [Fact]
    public void The_floor_adds_the_cheapest_replicas()
    {
        var plan = MixPlanner.Solve(Toy(8) with { MinReplicas = 5 });

        Assert.Equal(5, plan.Counts.Values.Sum());
        Assert.Equal(4 * 1.01m + 3.67m, plan.CostPerHour);
    }

    [Fact]
    public void Infeasible_inputs_are_clear_errors()
    {
        var tooFew = Toy(8) with { Gpus = [new PlanGpu("A10G", 1.01m, MaxCount: 1), new PlanGpu("A100", 3.67m, MaxCount: 1)] };
        var caps = Assert.Throws<InfeasibleMixException>(() => MixPlanner.Solve(tooFew));
        Assert.Contains("A10G ≤ 1, A100 ≤ 1", caps.Message, StringComparison.Ordinal);

        var nobody = Toy(8) with { Throughput = [[2, 1, 5, 0], [20, 20, 40, 0]] };
        var bucket = Assert.Throws<InfeasibleMixException>(() => MixPlanner.Solve(nobody));
        Assert.Contains("no GPU type meets the SLO", bucket.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => MixPlanner.Solve(Toy(8) with { Throughput = [[2, 1, 5]] }));
        Assert.Throws<ArgumentException>(() => MixPlanner.Solve(Toy(0)));
    }

    [Fact]
    public void The_plan_is_never_costlier_than_brute_force_and_always_feasible()
    {
        var gen =
            from gpus in Gen.Int[1, 3]
            from buckets in Gen.Int[1, 3]
            from slices in Gen.Int[1, 3]
            from floor in Gen.Int[0, 3]
            from prices in Gen.Int[1, 9].Array[gpus]
            from caps in Gen.Int[-1, 4].Array[gpus]
            from rates in Gen.Int[0, 12].Array[buckets]
            from tputs in Gen.Int[0, 8].Array[gpus * buckets]
            select new MixProblem(
                [.. Enumerable.Range(0, gpus).Select(g => new PlanGpu($"G{g}", prices[g], caps[g] < 0 ? null : caps[g]))],
                [.. Enumerable.Range(0, buckets).Select(b => new PlanBucket(new TokenRange(b * 100, (b * 100) + 100), new TokenRange(0, null), rates[b]))],
                [.. Enumerable.Range(0, gpus).Select(g => (IReadOnlyList<double>)[.. Enumerable.Range(0, buckets).Select(b => (double)tputs[(g * buckets) + b])])],
                slices,
                floor);

        gen.Sample(problem =>
        {
            var best = BruteForce(problem);
            MixPlan? plan = null;
            try
            {
                plan = MixPlanner.Solve(problem);
            }
            catch (InfeasibleMixException)
            {
            }

            if (best is null)
            {
                Assert.Null(plan);
                return;
            }

            Assert.NotNull(plan);
            Assert.Equal(best.Value, plan.CostPerHour);
            AssertCarries(problem, plan);
        }, iter: 300);
    }

    private static PlanBucket[] Buckets(double[] shares, double rate) =>
        [.. shares.Select((s, i) => new PlanBucket(new TokenRange(i * 100, (i * 100) + 100), new TokenRange(0, null), s * rate))];

    /// <summary>Every bucket's rate is assigned in full, only to types that can serve it, within caps, and every type
    /// has the replicas its load needs.</summary>
    private static void AssertCarries(MixProblem problem, MixPlan plan)
    {
        for (var b = 0; b < problem.Buckets.Count; b++)
        {
            var bucket = problem.Buckets[b];
            Assert.Equal(bucket.Rate, plan.Assignment.Where(a => a.Input == bucket.Input && a.Output == bucket.Output).Sum(a => a.Rate), 9);
        }

        for (var g = 0; g < problem.Gpus.Count; g++)
        {
            var gpu = problem.Gpus[g];
            var count = plan.Counts.GetValueOrDefault(gpu.Id);
            Assert.True(gpu.MaxCount is null || count <= gpu.MaxCount, $"{gpu.Id}: {count} over its cap {gpu.MaxCount}");
            var load = problem.Buckets
                .Select((bucket, b) => plan.Assignment.Where(a => a.Gpu == gpu.Id && a.Input == bucket.Input && a.Output == bucket.Output).Sum(a => a.Rate / problem.Throughput[g][b]))
                .Sum();
            Assert.True(load <= count + 1e-6, $"{gpu.Id}: load {load} on {count} replicas");
        }

        Assert.True(plan.Counts.Values.Sum() >= problem.MinReplicas);
    }

    /// <summary>The cheapest cost over every way to deal each bucket's slices to the types, or null when none is
    /// feasible.</summary>
    private static decimal? BruteForce(MixProblem p)
    {
        var gpus = p.Gpus.Count;
        decimal? best = null;
        var loads = new double[gpus];

        void Deal(int bucket)
        {
            if (bucket == p.Buckets.Count)
            {
                var counts = loads.Select(l => (int)Math.Ceiling(l - 1e-9)).ToArray();
                if (Enumerable.Range(0, gpus).Any(g => p.Gpus[g].MaxCount is { } cap && counts[g] > cap))
                {
                    return;
                }

                // Reach the floor with the cheapest types that still have room.
                var missing = p.MinReplicas - counts.Sum();
                foreach (var g in Enumerable.Range(0, gpus).OrderBy(g => p.Gpus[g].HourlyPrice))
                {
                    var room = p.Gpus[g].MaxCount is { } cap ? cap - counts[g] : int.MaxValue;
                    var add = Math.Max(0, Math.Min(room, missing));
                    counts[g] += add;
                    missing -= add;
                }

                if (missing > 0)
                {
                    return;
                }

                var cost = Enumerable.Range(0, gpus).Sum(g => counts[g] * p.Gpus[g].HourlyPrice);
                best = best is null || cost < best ? cost : best;
                return;
            }

            if (p.Buckets[bucket].Rate <= 0)
            {
                Deal(bucket + 1);
                return;
            }

            foreach (var split in Splits(p.SliceFactor, gpus))
            {
                if (Enumerable.Range(0, gpus).Any(g => split[g] > 0 && p.Throughput[g][bucket] <= 0))
                {
                    continue;
                }

                for (var g = 0; g < gpus; g++)
                {
                    loads[g] += split[g] > 0 ? p.Buckets[bucket].Rate * split[g] / p.SliceFactor / p.Throughput[g][bucket] : 0;
                }

                Deal(bucket + 1);
                for (var g = 0; g < gpus; g++)
                {
                    loads[g] -= split[g] > 0 ? p.Buckets[bucket].Rate * split[g] / p.SliceFactor / p.Throughput[g][bucket] : 0;
                }
            }
        }

        Deal(0);
        return best;
    }

    /// <summary>Every way to write <paramref name="total"/> as an ordered sum of <paramref name="parts"/> counts.</summary>
    private static IEnumerable<int[]> Splits(int total, int parts)
    {
        if (parts == 1)
        {
            yield return [total];
            yield break;
        }

        for (var first = 0; first <= total; first++)
        {
            foreach (var rest in Splits(total - first, parts - 1))
            {
                yield return [first, .. rest];
            }
        }
    }
}
