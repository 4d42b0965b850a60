namespace SkyHedge.Core.Policies;

/// <summary>A zone's loss memory as <see cref="SkyHedgePolicy"/> keeps it between decisions: decayed losses and
/// decayed replica-seconds of exposure. The live control plane rebuilds the policy on every decision and carries
/// this through its memory, so the policy learns there as it does in the simulator.</summary>
public sealed record ZoneHazardState(double Losses, double ExposureSeconds)
{
    public static ZoneHazardState Untried { get; } = new(0, 0);
}
