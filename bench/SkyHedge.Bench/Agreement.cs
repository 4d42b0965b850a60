using SkyHedge.Bench.Reference;
using SkyHedge.Simulation.Runs;

namespace SkyHedge.Bench;

/// <summary>Checks that the reference and the product computed the same fleet outcome on the same windows.</summary>
internal static class Agreement
{
    public const string FleetOnly = "fleet only";

    // Costs are sums of whole replica-ticks times the ratio and availability is a ratio of whole ticks, so both
    // implementations should agree to the last bit; this only absorbs summation-order noise.
    private const double RelativeTolerance = 1e-9;

    public static IReadOnlyList<AgreementRow> Compare(string scenario, SimulationReport product, IReadOnlyList<ReferenceRepeat> reference)
    {
        var rows = new List<AgreementRow>();
        var firstWorkload = product.Settings.Workloads[0];
        foreach (var group in reference.GroupBy(r => (r.Policy, r.Workload)))
        {
            var (policy, workload) = group.Key;

            // The fleet does not depend on the workload, so a fleet-only reference run is compared with the first.
            var result = product.Results.Single(r => r.Policy == policy && r.Workload == (workload ?? firstWorkload));
            var pairs = group.Select(r => (Ref: r, Prod: result.PerRepeat.Single(p => p.Repeat == r.Repeat))).ToList();
            var availDiff = pairs.Max(p => Math.Abs(p.Ref.Availability - p.Prod.Availability));
            var costDiff = pairs.Max(p => Math.Abs(p.Ref.Cost - p.Prod.Cost));
            var countersAgree = pairs.All(p => CountersEqual(p.Ref, p.Prod));
            var ok = pairs.All(p => Close(p.Ref.Availability, p.Prod.Availability) && Close(p.Ref.Cost, p.Prod.Cost)) && countersAgree;
            var withLatency = workload is not null;
            rows.Add(new AgreementRow(
                scenario, policy, workload ?? FleetOnly, pairs.Count,
                pairs.Average(p => p.Prod.Availability), pairs.Average(p => p.Ref.Availability),
                pairs.Average(p => p.Prod.Cost), pairs.Average(p => p.Ref.Cost),
                availDiff, costDiff, countersAgree,
                withLatency ? pairs.Average(p => p.Prod.Latency.P50) : null,
                withLatency ? pairs.Average(p => p.Ref.Latency!.P50) : null,
                withLatency ? pairs.Average(p => p.Prod.Latency.P99) : null,
                withLatency ? pairs.Average(p => p.Ref.Latency!.P99) : null,
                withLatency ? pairs.Sum(p => (long)p.Prod.Requests) : null,
                withLatency ? pairs.Sum(p => (long)p.Ref.Latency!.Requests) : null,
                ok));
        }

        return rows;
    }

    private static bool CountersEqual(ReferenceRepeat r, RepeatResult p) =>
        r.Launches == p.Launches && r.FailedLaunches == p.FailedLaunches && r.Preemptions == p.Preemptions
        && r.SpotReplicaTicks == p.SpotReplicaTicks && r.OnDemandReplicaTicks == p.OnDemandReplicaTicks
        && Close(r.CostFromTick0, p.CostFromTick0);

    private static bool Close(double a, double b) => Math.Abs(a - b) <= RelativeTolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
