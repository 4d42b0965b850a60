namespace SkyHedge.Simulation.Runs;

/// <summary>What <c>simulate --sweep</c> found: every policy on every trace set, and the sensitivity of the two
/// hedging policies to cold start and over-provisioning.</summary>
public sealed record SweepReport(
    SimulationSettings Settings,
    IReadOnlyList<SweepSetResult> Sets,
    IReadOnlyList<SensitivityResult> Sensitivity);

/// <summary>One trace set: each policy's mean and worst window, and how skyhedge fared against spothedge.</summary>
/// <param name="Dominated">Windows where spothedge was at least as available and at most as costly as
/// skyhedge, and strictly better in one of the two.</param>
public sealed record SweepSetResult(string Set, int Windows, IReadOnlyList<SweepPolicyResult> Policies, int Dominated)
{
    public SweepPolicyResult? Find(string policy) => Policies.FirstOrDefault(p => p.Policy == policy);

    /// <summary>The rule: skyhedge's mean cost below spothedge's, mean availability at least spothedge's
    /// − 0.0005 and worst-window availability at least spothedge's − 0.002. Null when either policy is missing.</summary>
    public bool? SkyhedgeHolds => Find("skyhedge") is { } sky && Find("spothedge") is { } sh
        ? sky.CostVsOndemand < sh.CostVsOndemand && sky.Availability >= sh.Availability - 0.0005 && sky.WorstAvailability >= sh.WorstAvailability - 0.002
        : null;
}

/// <summary>One policy over a set's windows: availability and cost / on-demand, the mean and the worst window.</summary>
public sealed record SweepPolicyResult(string Policy, double Availability, double WorstAvailability, double CostVsOndemand, double WorstCostVsOndemand);

/// <summary>One policy on the sensitivity set with one knob changed.</summary>
public sealed record SensitivityResult(string Knob, double Value, string Policy, double Availability, double WorstAvailability, double CostVsOndemand);
