namespace SkyHedge.Core.Policies;

/// <summary>Baseline: exactly T on-demand replicas, no spot.</summary>
public sealed class OnDemandPolicy : IFleetPolicy
{
    public string Name => "ondemand";

    public FleetPlan Decide(FleetObservation observation) =>
        new(new int[observation.Zones.Count], observation.Target);
}
