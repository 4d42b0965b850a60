namespace SkyHedge.Core.Policies;

/// <summary>
/// Our policy: SpotHedge's skeleton (spot over-provisioned and spread over zones that have not just failed,
/// on-demand fallback) with changes that use only what the policy itself observed:
/// <list type="number">
/// <item>Risk-aware placement: among the zones SpotHedge would consider, pick the best price × estimated loss
/// rate (<see cref="ZoneHazard"/>, learnt from our own preemptions and refused launches) instead of at random.</item>
/// <item>Fallback that only buys what helps: on-demand covers the replicas that no launched spot replica will
/// cover in time. A spot replacement that survived its launch is ready no later than an on-demand replica
/// launched now, so it needs no on-demand shadow; SpotHedge pays 3x for that shadow on every preemption.</item>
/// <item>Adaptive over-provisioning: one extra normally, one more during a storm of preemptions, when one extra
/// cannot cover losses that come faster than a cold start.</item>
/// </list>
/// With interruption notices it treats a noticed replica as already gone and replaces it at once.
/// </summary>
public sealed class SkyHedgePolicy : IFleetPolicy
{
    private readonly SkyHedgeOptions _options;
    private readonly ZoneHazard[] _zones;
    private readonly SpotPlacer _placer;
    private readonly Queue<double> _recentLosses = new();
    private IReadOnlyList<ZoneInfo> _zoneInfos = [];

    public SkyHedgePolicy(int zoneCount, SkyHedgeOptions? options = null, PlacerState? placerState = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zoneCount);
        _options = options ?? new SkyHedgeOptions();
        _zones = new ZoneHazard[zoneCount];
        for (var z = 0; z < zoneCount; z++)
        {
            _zones[z] = new ZoneHazard();
        }

        _placer = new SpotPlacer(zoneCount, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive, state: placerState, score: Score);
    }

    public string Name => FleetPolicies.SkyHedge;

    public SpotPlacer Placer => _placer;

    public FleetPlan Decide(FleetObservation observation)
    {
        _zoneInfos = observation.Zones;
        var now = observation.Tick * observation.TickSeconds;
        Learn(observation, now);
        _placer.Observe(observation);
        for (var z = 0; z < _zones.Length; z++)
        {
            if (observation.Noticed[z] > 0)
            {
                _placer.MarkPreempted(z);
            }
        }

        var target = observation.Target;
        var extras = _recentLosses.Count >= _options.StormPreemptions ? _options.MaxOverprovision : _options.Overprovision;
        var spotTarget = target + extras;

        // Replicas with an interruption notice keep serving, but the plan no longer counts on them.
        var plan = (int[])observation.Alive.Clone();
        int kept = 0, readySpot = 0, pendingSpot = 0;
        for (var z = 0; z < plan.Length; z++)
        {
            var noticed = observation.Noticed[z];
            kept += observation.Alive[z] - noticed;
            var ready = observation.ReadySpot[z];
            readySpot += Math.Max(0, ready - noticed);
            pendingSpot += Math.Max(0, observation.Alive[z] - ready - Math.Max(0, noticed - ready));
        }

        if (kept > spotTarget)
        {
            ShedExtras(plan, observation, kept - spotTarget);
        }
        else
        {
            _placer.ResetIfTooFewActive();
            _placer.Place(plan, spotTarget - kept, observation.Zones);
        }

        // On-demand: what the ready and already-launched spot replicas will not cover, but never fewer than the
        // launched on-demand replicas still needed to cover today's shortfall (they are older than any spot
        // replacement launched since, so ready sooner).
        var shortfall = Math.Max(0, target - readySpot);
        var keep = Math.Min(observation.AliveOnDemand, shortfall);
        var onDemand = Math.Min(target, Math.Max(keep, spotTarget - readySpot - pendingSpot));
        return new FleetPlan(plan, onDemand);
    }

    private void Learn(FleetObservation observation, double now)
    {
        var o = _options;
        for (var z = 0; z < _zones.Length; z++)
        {
            var losses = observation.Preempted[z] + observation.FailedLaunches[z];
            _zones[z].Observe(observation.TickSeconds, observation.Alive[z], losses, o.HazardHalfLifeSeconds, now);
            for (var i = 0; i < observation.Preempted[z]; i++)
            {
                _recentLosses.Enqueue(now);
            }
        }

        while (_recentLosses.Count > 0 && now - _recentLosses.Peek() > o.StormWindowSeconds)
        {
            _recentLosses.Dequeue();
        }
    }

    private double Score(int zone) =>
        _zoneInfos[zone].SpotPrice * (1 + (_options.RiskWeight * _zones[zone].Rate(_options) * 3600));

    // Scale in: drop from the riskiest zones first, not-yet-ready replicas before ready ones.
    private void ShedExtras(int[] plan, FleetObservation observation, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var worst = -1;
            var worstScore = double.NegativeInfinity;
            for (var z = 0; z < plan.Length; z++)
            {
                if (plan[z] == 0)
                {
                    continue;
                }

                var notReady = plan[z] > observation.ReadySpot[z] ? 1e6 : 0;
                var score = notReady + Score(z);
                if (score > worstScore)
                {
                    worst = z;
                    worstScore = score;
                }
            }

            plan[worst]--;
        }
    }
}
