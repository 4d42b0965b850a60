namespace SkyHedge.Core.Policies;

/// <summary>
/// SpotHedge, as the SkyServe paper defines it: over-provision spot by <c>overprovision</c> replicas, spread them
/// with the <see cref="SpotPlacer"/>, and fall back to on-demand by <see cref="FallbackRule"/>.
/// </summary>
public sealed class SpotHedgePolicy : IFleetPolicy
{
    private readonly SpotPlacer _placer;
    private readonly int _overprovision;
    private readonly int _baseOnDemand;

    public SpotHedgePolicy(string name, SpotPlacer placer, int overprovision, int baseOnDemand = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overprovision);
        ArgumentOutOfRangeException.ThrowIfNegative(baseOnDemand);
        Name = name;
        _placer = placer;
        _overprovision = overprovision;
        _baseOnDemand = baseOnDemand;
    }

    public string Name { get; }

    public SpotPlacer Placer => _placer;

    public FleetPlan Decide(FleetObservation observation)
    {
        var target = observation.Target;
        var spotTarget = FallbackRule.SpotTarget(target, _overprovision, _baseOnDemand);
        var onDemand = FallbackRule.OnDemandTarget(target, _baseOnDemand, spotTarget, observation.TotalReadySpot);

        _placer.Observe(observation);
        var plan = new int[observation.Zones.Count];
        int toPlace;
        if (spotTarget >= observation.TotalAliveSpot)
        {
            Array.Copy(observation.Alive, plan, plan.Length);
            toPlace = spotTarget - observation.TotalAliveSpot;
        }
        else
        {
            // Scaling in: re-place the whole spot fleet; zones that keep their count keep their replicas.
            toPlace = spotTarget;
        }

        _placer.ResetIfTooFewActive();
        _placer.Place(plan, toPlace, observation.Zones);
        return new FleetPlan(plan, onDemand);
    }
}
