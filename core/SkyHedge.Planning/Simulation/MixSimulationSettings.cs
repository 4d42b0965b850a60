using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Planning.Simulation;

/// <summary>What <see cref="MixSimulator"/> replays: a per-minute request rate, request sizes, GPU capacity over time,
/// the SLO, and the policies to compare.</summary>
public sealed record MixSimulationSettings
{
    /// <summary>The GPUs of the Mélange paper's evaluation, the default choice.</summary>
    public static readonly IReadOnlyList<string> DefaultGpus = ["L4", "A10G", "A100", "H100"];

    /// <summary>Expected requests in each minute before <see cref="RateScale"/> (e.g. from
    /// <c>WorkloadParser.MafMinuteMeans</c>).</summary>
    public required IReadOnlyList<double> MinuteMeans { get; init; }

    /// <summary>What the minutes came from, for reports.</summary>
    public string WorkloadLabel { get; init; } = "workload";

    /// <summary>Multiplies every minute's expected requests.</summary>
    public double RateScale { get; init; } = 1;

    /// <summary>Request sizes (prompt, output tokens) each minute's requests are drawn from.</summary>
    public required IReadOnlyList<(int Input, int Output)> RequestSizes { get; init; }

    /// <summary>What the sizes came from, for reports.</summary>
    public string RequestsLabel { get; init; } = "requests";

    /// <summary>Caps on GPU types over time; types without one are plentiful.</summary>
    public IReadOnlyList<GpuCapacityTrace> CapacityTraces { get; init; } = [];

    /// <summary>Time per output token every request should meet.</summary>
    public TimeSpan TpotSlo { get; init; } = TimeSpan.FromMilliseconds(120);

    /// <summary>Optional unqueued time-to-first-token bound.</summary>
    public TimeSpan? TtftSlo { get; init; }

    /// <summary>Minutes replayed: the first <c>Hours × 60</c> of the workload.</summary>
    public double Hours { get; init; } = 24;

    /// <summary>Seeds request counts and sizes; the same seed gives the same minutes to every policy.</summary>
    public int Seed { get; init; }

    /// <summary><c>single-gpu:TYPE</c>, <c>peak</c> or <c>mix</c>.</summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>GPU types the <c>peak</c> and <c>mix</c> policies choose from (catalog ids).</summary>
    public IReadOnlyList<string> Gpus { get; init; } = DefaultGpus;

    /// <summary>Mélange's slices per bucket.</summary>
    public int SliceFactor { get; init; } = 8;

    /// <summary>Replicas every policy keeps even when no request comes (so the service stays up).</summary>
    public int MinReplicas { get; init; } = 1;

    /// <summary>The served model.</summary>
    public ModelProfile Profile { get; init; } = ModelProfile.Llama2_7B;

    /// <summary>Minutes replayed.</summary>
    public int Minutes => (int)Math.Round(Hours * 60);

    /// <summary>Checks every value; the message names the option.</summary>
    /// <exception cref="ArgumentException">A value is out of range or names an unknown GPU or policy.</exception>
    public void Validate()
    {
        Require(RateScale > 0 && double.IsFinite(RateScale), $"--rate-scale must be a positive number, got {RateScale}");
        Require(Hours > 0 && double.IsFinite(Hours) && Minutes >= 1, $"--hours must be at least one minute, got {Hours}");
        Require(MinuteMeans.Count >= Minutes, $"the workload has {MinuteMeans.Count} minutes; --hours {Hours} needs {Minutes}");
        Require(RequestSizes.Count > 0, "the request file has no requests");
        Require(TpotSlo > TimeSpan.Zero, "--tpot-slo-ms must be positive");
        Require(TtftSlo is null || TtftSlo > TimeSpan.Zero, "--ttft-slo-ms must be positive");
        Require(SliceFactor is >= 1 and <= 64, $"--slice-factor must be 1 to 64, got {SliceFactor}");
        Require(MinReplicas >= 0, "--min-replicas cannot be negative");
        Require(Policies.Count > 0, "--policy needs at least one policy");
        Require(Gpus.Count > 0, "--gpus needs at least one GPU type");
        foreach (var gpu in Gpus.Concat(CapacityTraces.Select(t => t.Gpu)).Concat(Policies.Where(p => p.StartsWith(SingleGpuPrefix, StringComparison.Ordinal)).Select(p => p[SingleGpuPrefix.Length..])))
        {
            Require(GpuCatalog.Default.Find(gpu) is not null, $"no GPU spec for '{gpu}' (known: {string.Join(", ", GpuCatalog.Default.All.Select(g => g.Id))})");
        }

        foreach (var policy in Policies)
        {
            Require(
                policy is "peak" or "mix" || (policy.StartsWith(SingleGpuPrefix, StringComparison.Ordinal) && policy.Length > SingleGpuPrefix.Length),
                $"unknown policy '{policy}'; expected single-gpu:TYPE, peak or mix");
        }

        Require(Policies.Distinct(StringComparer.Ordinal).Count() == Policies.Count, "a policy is listed twice");
    }

    internal const string SingleGpuPrefix = "single-gpu:";

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
