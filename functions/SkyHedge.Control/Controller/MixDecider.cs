using System.Globalization;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;
using SkyHedge.Core.Routing;
using SkyHedge.Planning;

namespace SkyHedge.Control.Controller;

/// <summary>
/// The mixed-GPU part of a decision (pure, unit-tested without a durable engine): replicas per GPU type from the
/// Mélange planner for the request rate and sizes the router counted, and the routing table that sends each size to
/// its type. The request-rate policy is that it re-plans on every decision, so a falling rate moves load to cheaper
/// GPUs; the availability policy is the caps: a type whose launches were refused is capped at the replicas it has
/// for <c>capCooldown</c>, so the plan falls back to the other types, and is offered again once the cap expires.
/// </summary>
public static class MixDecider
{
    /// <summary>The plan: replicas per group (indexed like <see cref="ServiceObservation.Groups"/>), the routing
    /// table as JSON, the caps in force, and the plan in words.</summary>
    public sealed record Result(int[] Counts, string Routing, IReadOnlyDictionary<string, MixCap> Caps, string Summary);

    /// <summary>Plans <paramref name="obs"/>, which must have <see cref="ServiceObservation.Groups"/> and
    /// <see cref="ServiceObservation.Mix"/>.</summary>
    /// <exception cref="ArgumentException">The observation is not a mixed-GPU one.</exception>
    public static Result Decide(ServiceObservation obs, IReadOnlyDictionary<string, MixCap>? caps, DateTimeOffset now, TimeSpan capCooldown)
    {
        ArgumentNullException.ThrowIfNull(obs);
        var groups = obs.Groups ?? throw new ArgumentException("not a mixed-GPU observation: no GPU groups", nameof(obs));
        var mix = obs.Mix ?? throw new ArgumentException("not a mixed-GPU observation: no mix input", nameof(obs));
        var inForce = Caps(obs, groups, mix, caps, now, capCooldown);
        var gpus = groups.Select(g => new PlanGpu(g.Gpu!, Price(obs, g), inForce.TryGetValue(g.Gpu!, out var cap) ? cap.Count : null)).ToList();
        var profile = ModelProfile.Llama2_7B;
        var demand = Demand.FromHistogram(mix.Sizes.Count > 0 ? mix.Sizes : DefaultSizes, profile.MaxContextTokens);
        var throughput = MixPlanning.FromModel(profile, TimeSpan.FromMilliseconds(mix.TpotSloMs), mix.TtftSloMs is { } t ? TimeSpan.FromMilliseconds(t) : null);
        // A GPU without a spec in the catalog cannot be modelled: it gets no load.
        MixPlanning.Throughput safe = (gpu, bucket) => GpuCatalog.Default.Find(gpu) is null ? 0 : throughput(gpu, bucket);
        var problem = MixPlanning.Problem(demand, mix.Rate, gpus, safe, mix.SliceFactor, obs.Policy.MinReplicas);
        MixPlan plan;
        try
        {
            plan = MixPlanner.Solve(problem);
        }
        catch (InfeasibleMixException)
        {
            // The caps leave too little: plan without them; the capped types then get what they can.
            plan = MixPlanner.Solve(problem with { Gpus = [.. gpus.Select(g => g with { MaxCount = null })] });
        }

        var counts = groups.Select(g => Math.Min(plan.Counts.GetValueOrDefault(g.Gpu!), inForce.TryGetValue(g.Gpu!, out var c) ? c.Count : int.MaxValue)).ToArray();
        // max_replicas is the operator's budget guard: a plan above it is cut, the largest group first.
        var cut = false;
        while (counts.Sum() > Math.Max(obs.Policy.MaxReplicas, obs.Policy.MinReplicas))
        {
            var largest = Array.IndexOf(counts, counts.Max());
            counts[largest]--;
            cut = true;
        }

        var mixText = string.Join(" + ", groups.Select((g, i) => (g.Gpu, Count: counts[i])).Where(p => p.Count > 0).Select(p => $"{p.Count} {p.Gpu}"));
        var summary = string.Create(CultureInfo.InvariantCulture, $"{mixText} for {mix.Rate:0.##} requests/s at TPOT ≤ {mix.TpotSloMs:0} ms, ${plan.CostPerHour:0.00}/h");
        if (cut)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $"; cut to max_replicas {obs.Policy.MaxReplicas}");
        }

        if (inForce.Count > 0)
        {
            summary += "; capped: " + string.Join(", ", inForce.Select(c => $"{c.Key} ≤ {c.Value.Count}"));
        }
        return new Result(counts, plan.ToRoutingTable().ToJson(), inForce, summary);
    }

    /// <summary>With no request sizes counted yet, plan for mid-sized chat requests (128–256 tokens in and out).</summary>
    private static readonly IReadOnlyDictionary<int, long> DefaultSizes = new Dictionary<int, long> { [SizeGrid.Cell(200, 200)] = 1 };

    // Unexpired caps stay; a type with refused launches now is capped at the replicas it holds.
    private static Dictionary<string, MixCap> Caps(
        ServiceObservation obs, IReadOnlyList<GpuGroup> groups, MixInput mix, IReadOnlyDictionary<string, MixCap>? caps, DateTimeOffset now, TimeSpan cooldown)
    {
        var inForce = (caps ?? new Dictionary<string, MixCap>())
            .Where(c => c.Value.Until > now && groups.Any(g => g.Gpu == c.Key))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (mix.FailedLaunches.TryGetValue(group.Gpu!, out var failed) && failed > 0)
            {
                var holding = obs.Replicas.Count(r => r.Counts && r.SpecVersion == obs.SpecVersion && group.Holds(r) && r.Status != Core.Model.ReplicaStatus.Pending);
                inForce[group.Gpu!] = new MixCap(holding, now + cooldown);
            }
        }

        return inForce;
    }

    // What one replica of the type costs: its cheapest spot zone when the service uses spot, else on-demand.
    private static decimal Price(ServiceObservation obs, GpuGroup group)
    {
        var spot = group.Zones.Select(z => obs.Zones[z].Offering.HourlyPrice).DefaultIfEmpty(decimal.MaxValue).Min();
        var price = obs.UseSpot && spot != decimal.MaxValue ? spot : group.OnDemand?.HourlyPrice ?? spot;
        return price is > 0 and < decimal.MaxValue ? price : 1m;
    }
}
