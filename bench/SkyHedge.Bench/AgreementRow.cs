namespace SkyHedge.Bench;

/// <summary>Product vs. reference for one policy on one zone set (and workload), over every repeat. Availability,
/// cost and the fleet counters must agree exactly (up to floating noise); latency is printed, not checked.</summary>
/// <param name="Workload"><c>fleet only</c> when the reference skipped the per-request simulation.</param>
/// <param name="CountersAgree">Launches, failed launches, preemptions, replica-ticks and cost from tick 0 all
/// equal in every repeat.</param>
internal sealed record AgreementRow(
    string Scenario,
    string Policy,
    string Workload,
    int Repeats,
    double ProductAvailability,
    double ReferenceAvailability,
    double ProductCost,
    double ReferenceCost,
    double MaxAvailabilityDiff,
    double MaxCostDiff,
    bool CountersAgree,
    double? ProductP50,
    double? ReferenceP50,
    double? ProductP99,
    double? ReferenceP99,
    long? ProductRequests,
    long? ReferenceRequests,
    bool Ok);
