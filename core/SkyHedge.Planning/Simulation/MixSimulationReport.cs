namespace SkyHedge.Planning.Simulation;

/// <summary>One policy's outcome over the replayed minutes.</summary>
/// <param name="Policy">Its name as given.</param>
/// <param name="Cost">Dollars over the whole run (replicas × minutes × on-demand price).</param>
/// <param name="CostPerHour"><paramref name="Cost"/> ÷ hours.</param>
/// <param name="SloAttainment">Share of the requests that could be served within the TPOT SLO.</param>
/// <param name="Availability">Share of the minutes in which all demand could be served within the SLO.</param>
/// <param name="GpuHours">Replica-hours per GPU type.</param>
/// <param name="Detail">What the policy chose, in words (the type and count for <c>peak</c>).</param>
public sealed record MixPolicyResult(
    string Policy, decimal Cost, decimal CostPerHour, double SloAttainment, double Availability, IReadOnlyDictionary<string, double> GpuHours, string Detail);

/// <summary>Everything one run produced.</summary>
/// <param name="Requests">Requests replayed.</param>
/// <param name="TooLong">Requests longer than the model's context, which no GPU serves (left out of the SLO
/// attainment of every policy alike).</param>
/// <param name="Solves">Planner solves (identical problems are solved once).</param>
/// <param name="SolveSecondsMean">Mean wall time of a solve.</param>
/// <param name="SolveSecondsMax">Longest solve.</param>
public sealed record MixSimulationReport(
    MixSimulationSettings Settings, IReadOnlyList<MixPolicyResult> Results, long Requests, long TooLong, int Solves, double SolveSecondsMean, double SolveSecondsMax);
