namespace SkyHedge.Core.Policies;

/// <summary>How the paper's artifact starts a tick's spot plan: keep every alive replica when the spot target is
/// at least what is alive (only the difference is placed), else start from nothing and place the whole target
/// (zones that keep their count keep their replicas).</summary>
internal static class ArtifactPlan
{
    /// <returns>The starting plan and how many replicas remain to place.</returns>
    public static (int[] Plan, int ToPlace) Start(FleetObservation observation, int spotTarget)
    {
        var plan = new int[observation.Zones.Count];
        var alive = observation.TotalAliveSpot;
        if (spotTarget < alive)
        {
            return (plan, spotTarget);
        }

        Array.Copy(observation.Alive, plan, plan.Length);
        return (plan, spotTarget - alive);
    }
}
