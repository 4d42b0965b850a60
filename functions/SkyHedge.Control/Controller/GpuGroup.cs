using SkyHedge.Core.Model;

namespace SkyHedge.Control.Controller;

/// <summary>The replicas of one GPU type, as the policy sees them: its spot zones (indices into the observation's
/// zones) and the on-demand offering it falls back to. A service that is not planned as a mix has one group with
/// every zone and <see cref="Gpu"/> null.</summary>
public sealed record GpuGroup(string? Gpu, int[] Zones, Offering? OnDemand)
{
    /// <summary>Whether <paramref name="replica"/> belongs here (any replica when <see cref="Gpu"/> is null).</summary>
    public bool Holds(FleetReplica replica) =>
        Gpu is null || string.Equals(replica.Accelerator, Gpu, StringComparison.OrdinalIgnoreCase);
}
