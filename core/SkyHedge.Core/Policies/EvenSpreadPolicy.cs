namespace SkyHedge.Core.Policies;

/// <summary>Baseline (the paper's NaiveSpread): exactly T spot replicas spread evenly over the zones in their
/// given order, refilling the emptiest zone first, with no on-demand fallback and no memory of preemptions.</summary>
public sealed class EvenSpreadPolicy : IFleetPolicy
{
    public string Name => "even-spread";

    public FleetPlan Decide(FleetObservation observation)
    {
        var (plan, toPlace) = ArtifactPlan.Start(observation, observation.Target);

        for (var level = 0; toPlace > 0; level++)
        {
            for (var z = 0; z < plan.Length && toPlace > 0; z++)
            {
                if (plan[z] == level)
                {
                    plan[z]++;
                    toPlace--;
                }
            }
        }

        return new FleetPlan(plan, 0);
    }
}
