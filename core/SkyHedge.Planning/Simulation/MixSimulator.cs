using System.Globalization;
using SkyHedge.Core.Catalog;

namespace SkyHedge.Planning.Simulation;

/// <summary>
/// Replays a day of minutes against GPU-allocation policies (the Mélange/SkyServe mixed-accelerator evaluation), as a
/// fluid model: each minute a policy picks replicas per GPU type for that minute's requests per size bucket (a
/// perfect forecast, as Mélange plans for a given workload, so what separates the policies is price and GPU
/// availability), limited by
/// what the capacity traces let it obtain; then the minute's requests are served. A GPU type carrying more
/// load than its replicas sustain within the SLO (<see cref="Core.Performance.GpuPerformanceModel.MaxRequestRate"/>
/// per bucket) passes the excess to types with room to spare that can serve it; what finds no room misses the SLO.
/// </summary>
/// <remarks>
/// Policies: <c>single-gpu:T</c> scales one type to each minute's rate; <c>peak</c> holds, all day, the cheapest
/// single-type fleet for the day's peak minute among the types whose traces allow that many throughout (the
/// cheapest overall if none do); <c>mix</c> solves the Mélange planner each minute with the traced types capped at
/// what can be obtained, so it falls back to plentiful types when a preferred one runs out and returns when it
/// comes back. Identical minutes are solved once. Cold starts and their
/// cost are not modelled (the spot simulator covers them), and within a minute arrivals are treated as smooth.
/// </remarks>
public static class MixSimulator
{
    /// <summary>Runs every policy in <paramref name="settings"/> over the same sampled minutes.</summary>
    /// <exception cref="ArgumentException">A setting is out of range (<see cref="MixSimulationSettings.Validate"/>),
    /// or no GPU type in the set can serve any request.</exception>
    public static MixSimulationReport Run(MixSimulationSettings settings, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var demand = Demand.From(settings.RequestSizes, settings.Profile.MaxContextTokens);
        var minutes = SampleMinutes(settings, demand, out var requests, out var tooLong);
        var gpuIds = settings.Gpus.Concat(settings.Policies.Where(p => p.StartsWith(MixSimulationSettings.SingleGpuPrefix, StringComparison.Ordinal))
            .Select(p => p[MixSimulationSettings.SingleGpuPrefix.Length..])).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var context = new RunContext(settings, demand, minutes, gpuIds);
        var results = new List<MixPolicyResult>();
        foreach (var policy in settings.Policies)
        {
            progress?.Report($"policy {policy}: replaying {settings.Minutes} minutes");
            results.Add(context.Replay(policy));
        }

        var solves = context.SolveSeconds;
        return new MixSimulationReport(
            settings, results, requests, tooLong, solves.Count, solves.Count == 0 ? 0 : solves.Average(), solves.Count == 0 ? 0 : solves.Max());
    }

    // Per minute: requests per bucket. Counts are Poisson around the minute's mean × scale; sizes are drawn from the
    // request file. One generator for all, so every policy sees the same minutes.
    private static int[][] SampleMinutes(MixSimulationSettings settings, Demand demand, out long requests, out long tooLong)
    {
        var rng = new Random(settings.Seed);
        var minutes = new int[settings.Minutes][];
        requests = 0;
        tooLong = 0;
        for (var m = 0; m < minutes.Length; m++)
        {
            var counts = new int[demand.Buckets.Count];
            var n = Poisson(rng, settings.MinuteMeans[m] * settings.RateScale);
            for (var i = 0; i < n; i++)
            {
                var (input, output) = settings.RequestSizes[rng.Next(settings.RequestSizes.Count)];
                var bucket = input + output <= settings.Profile.MaxContextTokens ? demand.IndexOf(input, output) : -1;
                if (bucket < 0)
                {
                    tooLong++;
                    continue;
                }

                counts[bucket]++;
                requests++;
            }

            minutes[m] = counts;
        }

        return minutes;
    }

    private static int Poisson(Random rng, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 50)
        {
            // Normal approximation (Box-Muller); exact enough for counts this large.
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return Math.Max(0, (int)Math.Round(mean + (z * Math.Sqrt(mean))));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = rng.NextDouble(); p > limit; p *= rng.NextDouble())
        {
            k++;
        }

        return k;
    }

    private sealed class RunContext
    {
        private readonly MixSimulationSettings _settings;
        private readonly Demand _demand;
        private readonly int[][] _minutes;
        private readonly List<string> _gpus;
        private readonly decimal[] _prices;
        private readonly double[][] _throughput; // [gpu][bucket]
        private readonly int?[][] _caps; // [minute][gpu], null when plentiful
        private readonly Dictionary<string, MixPlan?> _plans = new(StringComparer.Ordinal);

        public RunContext(MixSimulationSettings settings, Demand demand, int[][] minutes, List<string> gpus)
        {
            _settings = settings;
            _demand = demand;
            _minutes = minutes;
            _gpus = [.. gpus.Select(g => GpuCatalog.Default.Find(g)!.Id)];
            _prices = [.. _gpus.Select(g => GpuCatalog.Default.Find(g)!.OnDemandUsdPerHour)];
            var rate = MixPlanning.FromModel(settings.Profile, settings.TpotSlo, settings.TtftSlo);
            _throughput = [.. _gpus.Select(g => demand.Buckets.Select(b => rate(g, b)).ToArray())];
            var traces = _gpus.Select(g => settings.CapacityTraces.FirstOrDefault(t => string.Equals(GpuCatalog.Default.Find(t.Gpu)!.Id, g, StringComparison.Ordinal))).ToList();
            _caps = [.. Enumerable.Range(0, minutes.Length).Select(m => traces.Select(t => t is null ? (int?)null : t.CapAt(TimeSpan.FromMinutes(m))).ToArray())];
        }

        public List<double> SolveSeconds { get; } = [];

        public MixPolicyResult Replay(string policy)
        {
            var tally = new Tally(_gpus.Count);
            string detail;
            if (policy == "mix")
            {
                var allowed = _settings.Gpus.Select(g => _gpus.IndexOf(GpuCatalog.Default.Find(g)!.Id)).ToArray();
                for (var m = 0; m < _minutes.Length; m++)
                {
                    var (fleet, shares) = Mix(allowed, m);
                    Serve(m, fleet, shares, tally);
                }

                detail = "re-planned every minute";
            }
            else if (policy == "peak")
            {
                var allowed = _settings.Gpus.Select(g => _gpus.IndexOf(GpuCatalog.Default.Find(g)!.Id)).ToArray();
                var (gpu, count) = PeakChoice(allowed);
                for (var m = 0; m < _minutes.Length; m++)
                {
                    Serve(m, Single(gpu, count, m), SingleShares(gpu), tally);
                }

                detail = $"{count} × {_gpus[gpu]} all day";
            }
            else
            {
                var gpu = _gpus.IndexOf(GpuCatalog.Default.Find(policy[MixSimulationSettings.SingleGpuPrefix.Length..])!.Id);
                var shares = SingleShares(gpu);
                for (var m = 0; m < _minutes.Length; m++)
                {
                    Serve(m, Single(gpu, SingleCount(gpu, m), m), shares, tally);
                }

                detail = $"{_gpus[gpu]} scaled to each minute";
            }

            var hours = _minutes.Length / 60.0;
            var cost = decimal.Round(tally.Cost, 4);
            return new MixPolicyResult(
                policy,
                cost,
                decimal.Round(tally.Cost / (decimal)hours, 4),
                tally.Requests == 0 ? 1 : tally.Met / tally.Requests,
                (double)tally.AvailableMinutes / _minutes.Length,
                Enumerable.Range(0, _gpus.Count).Where(g => tally.ReplicaMinutes[g] > 0).ToDictionary(g => _gpus[g], g => Math.Round(tally.ReplicaMinutes[g] / 60.0, 3), StringComparer.Ordinal),
                detail);
        }

        private int[] Single(int gpu, int count, int minute)
        {
            var fleet = new int[_gpus.Count];
            fleet[gpu] = _caps[minute][gpu] is { } cap ? Math.Min(count, cap) : count;
            return fleet;
        }

        private double[][] SingleShares(int gpu) =>
            [.. _demand.Buckets.Select((_, b) => Enumerable.Range(0, _gpus.Count).Select(g => g == gpu && _throughput[gpu][b] > 0 ? 1.0 : 0).ToArray())];

        // Replicas of one type for a minute, uncapped: the planner restricted to that type and the buckets it serves.
        private int SingleCount(int gpu, int minute)
        {
            var plan = Plan([gpu], _minutes[minute], new int?[_gpus.Count]);
            return plan is null ? _settings.MinReplicas : plan.Counts.Values.Sum();
        }

        private (int Gpu, int Count) PeakChoice(int[] allowed)
        {
            var options = allowed
                .Select(g => (Gpu: g, Count: Enumerable.Range(0, _minutes.Length).Max(m => SingleCount(g, m))))
                .Select(o => (o.Gpu, o.Count, Cost: o.Count * _prices[o.Gpu], Serves: _demand.Buckets.Select((_, b) => _throughput[o.Gpu][b] > 0).All(x => x),
                    Obtainable: _caps.All(c => c[o.Gpu] is not { } cap || cap >= o.Count)))
                .Where(o => o.Serves)
                .ToList();
            var pick = options.Where(o => o.Obtainable).OrderBy(o => o.Cost).FirstOrDefault();
            if (pick == default)
            {
                pick = options.OrderBy(o => o.Cost).FirstOrDefault();
            }

            return pick == default ? (allowed[0], _settings.MinReplicas) : (pick.Gpu, pick.Count);
        }

        private (int[] Fleet, double[][] Shares) Mix(int[] allowed, int minute)
        {
            var caps = _caps[minute];
            var plan = Plan(allowed, _minutes[minute], caps) ?? Plan(allowed, _minutes[minute], new int?[_gpus.Count]);
            var fleet = new int[_gpus.Count];
            var shares = _demand.Buckets.Select(_ => new double[_gpus.Count]).ToArray();
            if (plan is null)
            {
                return (fleet, shares);
            }

            foreach (var (id, count) in plan.Counts)
            {
                var g = _gpus.IndexOf(id);
                fleet[g] = caps[g] is { } cap ? Math.Min(count, cap) : count;
            }

            var bucketIndex = _demand.Buckets.Select((b, i) => (b, i)).ToDictionary(x => (x.b.InputRange, x.b.OutputRange), x => x.i);
            foreach (var group in plan.Assignment.GroupBy(a => (a.Input, a.Output)))
            {
                var b = bucketIndex[group.Key];
                var total = group.Sum(a => a.Rate);
                foreach (var a in group)
                {
                    shares[b][_gpus.IndexOf(a.Gpu)] += total > 0 ? a.Rate / total : 0;
                }
            }

            // Buckets with no rate in the plan (none this minute) go to the type that serves them cheapest.
            for (var b = 0; b < shares.Length; b++)
            {
                if (shares[b].Sum() == 0)
                {
                    var best = allowed.Where(g => _throughput[g][b] > 0 && fleet[g] > 0).OrderBy(g => (double)_prices[g] / _throughput[g][b]).DefaultIfEmpty(-1).First();
                    if (best >= 0)
                    {
                        shares[b][best] = 1;
                    }
                }
            }

            return (fleet, shares);
        }

        // The planner over the given types for a minute's requests per bucket, with caps; null when no mix fits.
        // Memoised: quiet minutes repeat the same (types, caps, counts) often.
        private MixPlan? Plan(int[] gpus, int[] counts, int?[] caps)
        {
            var key = string.Join(',', gpus.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g}:{caps[g]}"))) + "@" + string.Join(',', counts);
            if (_plans.TryGetValue(key, out var cached))
            {
                return cached;
            }

            // Buckets without requests, and those none of these types can serve (their requests miss the SLO), are
            // left out.
            var servable = Enumerable.Range(0, _demand.Buckets.Count).Where(b => counts[b] > 0 && gpus.Any(g => _throughput[g][b] > 0)).ToList();
            var problem = new MixProblem(
                [.. gpus.Select(g => new PlanGpu(_gpus[g], _prices[g], caps[g]))],
                [.. servable.Select(b => new PlanBucket(_demand.Buckets[b].InputRange, _demand.Buckets[b].OutputRange, counts[b] / 60.0))],
                [.. gpus.Select(g => (IReadOnlyList<double>)[.. servable.Select(b => _throughput[g][b])])],
                _settings.SliceFactor,
                _settings.MinReplicas);
            MixPlan? plan;
            try
            {
                plan = MixPlanner.Solve(problem);
                SolveSeconds.Add(plan.SolveSeconds);
            }
            catch (InfeasibleMixException)
            {
                plan = null;
            }

            _plans[key] = plan;
            return plan;
        }

        // Serves one minute: each bucket's requests go to the pools its shares name; what a pool cannot carry within
        // the SLO spills to other pools with spare capacity that can serve that bucket (cheapest first), as a
        // load balancer across pools would; the rest misses the SLO.
        private void Serve(int minute, int[] fleet, double[][] shares, Tally tally)
        {
            var counts = _minutes[minute];
            var gpus = _gpus.Count;
            var load = new double[gpus]; // replica-equivalents
            for (var b = 0; b < counts.Length; b++)
            {
                for (var g = 0; g < gpus; g++)
                {
                    if (shares[b][g] > 0 && counts[b] > 0)
                    {
                        load[g] += counts[b] / 60.0 * shares[b][g] / _throughput[g][b];
                    }
                }
            }

            var spare = Enumerable.Range(0, gpus).Select(g => Math.Max(0, fleet[g] - load[g])).ToArray();
            var byPrice = Enumerable.Range(0, gpus).OrderBy(g => _prices[g]).ToArray();
            var met = 0.0;
            var requests = 0;
            var missed = 0.0;
            for (var b = 0; b < counts.Length; b++)
            {
                requests += counts[b];
                if (counts[b] == 0)
                {
                    continue;
                }

                // Requests per second of this bucket that found no place yet.
                var unplaced = counts[b] / 60.0 * Math.Max(0, 1 - shares[b].Sum());
                for (var g = 0; g < gpus; g++)
                {
                    if (shares[b][g] <= 0)
                    {
                        continue;
                    }

                    var served = load[g] <= fleet[g] + 1e-9 ? 1.0 : fleet[g] / load[g];
                    met += counts[b] * shares[b][g] * served;
                    unplaced += counts[b] / 60.0 * shares[b][g] * (1 - served);
                }

                foreach (var g in byPrice)
                {
                    if (unplaced <= 1e-12 || spare[g] <= 1e-12 || _throughput[g][b] <= 0)
                    {
                        continue;
                    }

                    var rate = Math.Min(unplaced, spare[g] * _throughput[g][b]);
                    spare[g] -= rate / _throughput[g][b];
                    unplaced -= rate;
                    met += rate * 60;
                }

                missed += unplaced * 60;
            }

            tally.Requests += requests;
            tally.Met += met;
            tally.AvailableMinutes += missed <= 1e-6 ? 1 : 0;
            for (var g = 0; g < gpus; g++)
            {
                tally.ReplicaMinutes[g] += fleet[g];
                tally.Cost += fleet[g] * _prices[g] / 60;
            }
        }
    }

    private sealed class Tally(int gpus)
    {
        public double Met { get; set; }

        public long Requests { get; set; }

        public int AvailableMinutes { get; set; }

        public decimal Cost { get; set; }

        public long[] ReplicaMinutes { get; } = new long[gpus];
    }
}
