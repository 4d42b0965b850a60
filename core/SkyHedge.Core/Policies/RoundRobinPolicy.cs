namespace SkyHedge.Core.Policies;

/// <summary>Baseline: exactly T spot replicas; each new one goes to the next zone in round-robin order, whatever
/// happened there before. No on-demand fallback.</summary>
public sealed class RoundRobinPolicy : IFleetPolicy
{
    private int _next;

    public string Name => "round-robin";

    public FleetPlan Decide(FleetObservation observation)
    {
        var (plan, toPlace) = ArtifactPlan.Start(observation, observation.Target);

        for (; toPlace > 0; toPlace--)
        {
            plan[_next]++;
            _next = (_next + 1) % plan.Length;
        }

        return new FleetPlan(plan, 0);
    }
}
