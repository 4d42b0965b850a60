namespace SkyHedge.Core.Policies;

/// <summary>
/// Our policy. SpotHedge's skeleton (over-provisioned spot spread over zones, on-demand fallback) with four
/// changes, each using only what the policy itself observed:
/// <list type="number">
/// <item>Per-zone hazard (<see cref="ZoneHazard"/>) instead of a binary ACTIVE/PREEMPTED set: placement picks the
/// zone with the best price × risk, still spreading first.</item>
/// <item>Back-off: a zone that just lost a replica or refused a launch is left alone for a while that doubles with
/// each consecutive loss, instead of being retried as soon as the ACTIVE set resets.</item>
/// <item>Adaptive over-provisioning: one extra normally, more during a storm of preemptions.</item>
/// <item>Fallback sized to the need: on-demand covers the shortfall of ready spot below the target; a standby
/// on-demand replica warms only when our recent loss rate makes another loss inside a cold start likely.</item>
/// </list>
/// With interruption notices it treats a noticed replica as already gone and replaces it at once.
/// </summary>
public sealed class SkyHedgePolicy : IFleetPolicy
{
    private readonly SkyHedgeOptions _options;
    private readonly ZoneHazard[] _zones;
    private readonly Queue<double> _recentLosses = new();

    public SkyHedgePolicy(int zoneCount, SkyHedgeOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zoneCount);
        _options = options ?? new SkyHedgeOptions();
        _zones = new ZoneHazard[zoneCount];
        for (var z = 0; z < zoneCount; z++)
        {
            _zones[z] = new ZoneHazard();
        }
    }

    public string Name => FleetPolicies.SkyHedge;

    public FleetPlan Decide(FleetObservation observation)
    {
        var o = _options;
        var now = observation.Tick * observation.TickSeconds;
        Learn(observation, now);

        var target = observation.Target;
        var storm = _recentLosses.Count >= o.StormPreemptions;
        var extras = storm ? o.MaxOverprovision : o.Overprovision;
        var spotTarget = target + extras;

        // Replicas with an interruption notice are as good as gone: keep them serving, but plan around them.
        var plan = new int[observation.Zones.Count];
        var kept = 0;
        for (var z = 0; z < plan.Length; z++)
        {
            plan[z] = observation.Alive[z];
            kept += observation.Alive[z] - observation.Noticed[z];
        }

        var readySpot = 0;
        for (var z = 0; z < plan.Length; z++)
        {
            readySpot += Math.Max(0, observation.ReadySpot[z] - observation.Noticed[z]);
        }

        if (kept > spotTarget)
        {
            ShedExtras(plan, observation, kept - spotTarget);
        }
        else
        {
            for (var i = kept; i < spotTarget; i++)
            {
                plan[PickZone(plan, observation, now)]++;
            }
        }

        var shortfall = Math.Max(0, target - readySpot);
        var standby = shortfall == 0 && readySpot < spotTarget && LossProbabilityWithinColdStart(observation, readySpot) > o.StandbyRiskThreshold ? 1 : 0;
        var onDemand = Math.Min(target, shortfall + standby);
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

    // Probability that at least one ready spot replica is lost within the next cold start (120 s by default,
    // approximated by one hazard-hour scaled to the tick), from the zones' own estimated rates.
    private double LossProbabilityWithinColdStart(FleetObservation observation, int readySpot)
    {
        if (readySpot == 0)
        {
            return 1;
        }

        var rate = 0.0;
        for (var z = 0; z < _zones.Length; z++)
        {
            rate += observation.ReadySpot[z] * _zones[z].Rate(_options);
        }

        var horizon = 5 * observation.TickSeconds;
        return 1 - Math.Exp(-rate * horizon);
    }

    private int PickZone(int[] plan, FleetObservation observation, double now)
    {
        var best = -1;
        var bestScore = double.PositiveInfinity;
        // Spread first (a zone without our replicas), then the best price × risk; zones cooling down only when
        // nothing else is left.
        for (var pass = 0; pass < 3 && best < 0; pass++)
        {
            for (var z = 0; z < plan.Length; z++)
            {
                var cooling = _zones[z].CoolingDown(now, _options);
                var eligible = pass switch
                {
                    0 => !cooling && plan[z] == 0,
                    1 => !cooling,
                    _ => true,
                };
                if (!eligible)
                {
                    continue;
                }

                var score = Score(z, observation);
                if (pass == 2)
                {
                    // Everything is cooling down: the zone whose back-off ends first is the best bet.
                    score = _zones[z].LastLossAt + score;
                }

                if (score < bestScore)
                {
                    best = z;
                    bestScore = score;
                }
            }
        }

        return best;
    }

    private double Score(int zone, FleetObservation observation) =>
        observation.Zones[zone].SpotPrice * (1 + (_options.RiskWeight * _zones[zone].Rate(_options) * 3600));

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
                var score = notReady + Score(z, observation);
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
