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
    private readonly bool _replaceOnScaleIn;

    /// <param name="replaceOnScaleIn">The artifact's scale-in: re-place the whole spot fleet (zones that keep their
    /// count keep their replicas, others lose theirs, ready or not). False removes replicas in place, from the
    /// most crowded zones and not-ready ones first, as production must: re-placing can drop every ready replica.</param>
    public SpotHedgePolicy(string name, SpotPlacer placer, int overprovision, int baseOnDemand = 0, bool replaceOnScaleIn = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overprovision);
        ArgumentOutOfRangeException.ThrowIfNegative(baseOnDemand);
        Name = name;
        _placer = placer;
        _overprovision = overprovision;
        _baseOnDemand = baseOnDemand;
        _replaceOnScaleIn = replaceOnScaleIn;
    }

    public string Name { get; }

    public SpotPlacer Placer => _placer;

    public FleetPlan Decide(FleetObservation observation)
    {
        var target = observation.Target;
        var spotTarget = FallbackRule.SpotTarget(target, _overprovision, _baseOnDemand);
        var onDemand = FallbackRule.OnDemandTarget(target, _baseOnDemand, spotTarget, observation.TotalReadySpot);

        _placer.Observe(observation);
        if (spotTarget < observation.TotalAliveSpot && !_replaceOnScaleIn)
        {
            var kept = (int[])observation.Alive.Clone();
            RemoveInPlace(kept, observation, observation.TotalAliveSpot - spotTarget);
            return new FleetPlan(kept, onDemand);
        }

        var (plan, toPlace) = ArtifactPlan.Start(observation, spotTarget);
        _placer.ResetIfTooFewActive();
        _placer.Place(plan, toPlace, observation.Zones);
        return new FleetPlan(plan, onDemand);
    }

    // Not-ready replicas first (nothing is lost but launch time), then from the most crowded zone.
    private static void RemoveInPlace(int[] plan, FleetObservation observation, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var best = -1;
            for (var z = 0; z < plan.Length; z++)
            {
                if (plan[z] == 0)
                {
                    continue;
                }

                var notReady = plan[z] > observation.ReadySpot[z];
                var bestNotReady = best >= 0 && plan[best] > observation.ReadySpot[best];
                if (best < 0 || (notReady && !bestNotReady) || (notReady == bestNotReady && plan[z] > plan[best]))
                {
                    best = z;
                }
            }

            plan[best]--;
        }
    }
}
