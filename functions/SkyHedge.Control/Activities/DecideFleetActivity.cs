using Microsoft.DurableTask;
using SkyHedge.Control.Controller;
using SkyHedge.Control.State;
using SkyHedge.Core.Policies;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Activities;

/// <summary>Runs the service's policy (the same core code the simulator runs) on the observation, restoring the
/// placer's marks from the controller's memory and persisting them to the locations table.</summary>
[DurableTask(ControllerActivities.DecideFleet)]
public sealed class DecideFleetActivity(IStateStore store, TimeProvider clock) : TaskActivity<DecideRequest, FleetDecision>
{
    public override async Task<FleetDecision> RunAsync(TaskActivityContext context, DecideRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var obs = input.Observation;
        var memory = input.Memory;
        var fleet = FleetMath.Observe(obs, memory, input.Options.DecisionInterval);
        var zones = obs.Zones.Count;
        if (!obs.UseSpot || zones == 0)
        {
            return new FleetDecision(new int[zones], obs.OnDemand is null ? 0 : obs.Target, memory);
        }

        var preempted = obs.Zones.Select(z => memory.Preempted.Contains(z.Key)).ToArray();
        var random = new Random(HashCode.Combine(obs.SpecVersion, input.Iteration));
        var policy = Create(obs.Policy, zones, new PlacerState(preempted), random, out var placer);
        var plan = policy.Decide(fleet);
        var onDemand = obs.Policy.DynamicOndemandFallback ? plan.OnDemand : Math.Min(obs.Target, obs.Policy.BaseOndemandFallbackReplicas);

        var nowPreempted = new List<string>();
        var now = clock.GetUtcNow();
        for (var z = 0; z < zones; z++)
        {
            var key = obs.Zones[z].Key;
            var isPreempted = !placer.IsActive(z);
            if (isPreempted)
            {
                nowPreempted.Add(key);
            }

            var lost = fleet.Preempted[z] + fleet.FailedLaunches[z];
            if (lost > 0 || isPreempted != preempted[z])
            {
                await store.UpdateLocationAsync(input.Service, obs.Zones[z].Offering.Location, l =>
                {
                    var updated = l;
                    for (var i = 0; i < lost; i++)
                    {
                        updated = updated.WithPreemption(now);
                    }

                    return updated with { State = isPreempted ? LocationState.Preempted : LocationState.Active };
                });
            }
        }

        var requested = obs.Zones.Select((z, i) => (z.Key, plan.Spot[i])).ToDictionary(p => p.Key, p => p.Item2, StringComparer.Ordinal);
        return new FleetDecision(plan.Spot, onDemand, memory with { Requested = requested, Preempted = nowPreempted });
    }

    // SkyServe's spot_placer: dynamic_fallback is the production SpotHedge (cheapest first), spothedge the paper's
    // seeded random spread, skyhedge ours.
    private static IFleetPolicy Create(ReplicaPolicySpec spec, int zones, PlacerState state, Random random, out SpotPlacer placer)
    {
        var baseOd = spec.BaseOndemandFallbackReplicas;
        switch (spec.SpotPlacer)
        {
            case SpotPlacerKind.SkyHedge:
                var sky = new SkyHedgePolicy(zones, new SkyHedgeOptions { Overprovision = spec.NumOverprovision, MaxOverprovision = spec.NumOverprovision }, state, random);
                placer = sky.Placer;
                return sky;
            case SpotPlacerKind.SpotHedge:
                placer = new SpotPlacer(zones, PlacerTieBreak.Random, PlacerResetRule.Artifact, random, state);
                return new SpotHedgePolicy(FleetPolicies.SpotHedge, placer, spec.NumOverprovision, baseOd, replaceOnScaleIn: false);
            default:
                placer = new SpotPlacer(zones, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive, state: state);
                return new SpotHedgePolicy(FleetPolicies.SpotHedgeCheapest, placer, spec.NumOverprovision, baseOd, replaceOnScaleIn: false);
        }
    }
}
