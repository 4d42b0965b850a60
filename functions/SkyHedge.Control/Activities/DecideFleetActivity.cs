using Microsoft.DurableTask;
using SkyHedge.Control.Controller;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
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
        var groups = obs.AllGroups;
        var now = clock.GetUtcNow();
        var targets = groups.Count == 1 ? [obs.Target] : new int[groups.Count];
        if (obs.Groups is not null && obs.Mix is not null)
        {
            var mix = MixDecider.Decide(obs, memory.Caps, now, input.Options.MixCapCooldown);
            targets = mix.Counts;
            memory = memory with { Caps = mix.Caps, Mix = mix.Summary };
            if (!string.Equals(mix.Routing, obs.Routing, StringComparison.Ordinal))
            {
                await WriteRoutingAsync(input.Service, mix.Routing);
            }
        }

        var spot = new int[obs.Zones.Count];
        var onDemand = new int[groups.Count];
        var requested = new Dictionary<string, int>(StringComparer.Ordinal);
        var nowPreempted = new List<string>();
        var hazards = new Dictionary<string, ZoneHazardState>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var fleet = FleetMath.Observe(obs, group, targets[g], memory, input.Options.DecisionInterval);
            var zones = group.Zones.Length;
            if (!obs.UseSpot || zones == 0)
            {
                onDemand[g] = group.OnDemand is null ? 0 : targets[g];
                continue;
            }

            var preempted = group.Zones.Select(z => memory.Preempted.Contains(obs.Zones[z].Key)).ToArray();
            var random = new Random(HashCode.Combine(obs.SpecVersion, input.Iteration, g));
            var known = group.Zones.Select(z => memory.Hazards?.GetValueOrDefault(obs.Zones[z].Key) ?? ZoneHazardState.Untried).ToArray();
            var policy = Create(obs.Policy, zones, new PlacerState(preempted), random, known, out var placer);
            var plan = policy.Decide(fleet);
            if (policy is SkyHedgePolicy sky)
            {
                var learned = sky.Hazards;
                for (var i = 0; i < zones; i++)
                {
                    hazards[obs.Zones[group.Zones[i]].Key] = learned[i];
                }
            }

            onDemand[g] = obs.Policy.DynamicOndemandFallback ? plan.OnDemand : Math.Min(targets[g], obs.Policy.BaseOndemandFallbackReplicas);
            if (targets[g] == 0 && obs.Groups is not null)
            {
                // A GPU type the mix does not use now keeps no replicas, not even over-provisioned ones.
                plan = new FleetPlan(new int[zones], 0);
                onDemand[g] = 0;
            }

            for (var i = 0; i < zones; i++)
            {
                var zone = obs.Zones[group.Zones[i]];
                spot[group.Zones[i]] = plan.Spot[i];
                requested[zone.Key] = plan.Spot[i];
                var isPreempted = !placer.IsActive(i);
                if (isPreempted)
                {
                    nowPreempted.Add(zone.Key);
                }

                var lost = fleet.Preempted[i] + fleet.FailedLaunches[i];
                if (lost > 0 || isPreempted != preempted[i])
                {
                    await store.UpdateLocationAsync(input.Service, zone.Offering.Location, l =>
                    {
                        var updated = l;
                        for (var k = 0; k < lost; k++)
                        {
                            updated = updated.WithPreemption(now);
                        }

                        return updated with { State = isPreempted ? LocationState.Preempted : LocationState.Active };
                    });
                }
            }
        }

        return new FleetDecision(spot, onDemand, memory with { Requested = requested, Preempted = nowPreempted, Hazards = hazards.Count == 0 ? null : hazards });
    }

    // The router polls the service row every 2 s and picks the table up from there. Best effort: a lost race with
    // an admin write is retried on the next decision, which sees the stored table differ from its plan again.
    private async Task WriteRoutingAsync(string service, string routing)
    {
        try
        {
            await store.UpdateServiceAsync(service, s => s.Status == ServiceStatus.ShuttingDown ? s : s with { Routing = routing });
        }
        catch (Exception ex) when (ex is StateConflictException or StateNotFoundException)
        {
        }
    }

    // SkyServe's spot_placer: dynamic_fallback is the production SpotHedge (cheapest first), spothedge the paper's
    // seeded random spread, skyhedge ours.
    private static IFleetPolicy Create(ReplicaPolicySpec spec, int zones, PlacerState state, Random random, ZoneHazardState[] hazards, out SpotPlacer placer)
    {
        var baseOd = spec.BaseOndemandFallbackReplicas;
        switch (spec.SpotPlacer)
        {
            case SpotPlacerKind.SkyHedge:
                var sky = new SkyHedgePolicy(zones, new SkyHedgeOptions { Overprovision = spec.NumOverprovision, MaxOverprovision = spec.NumOverprovision }, state, random, hazards);
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
