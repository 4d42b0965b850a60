namespace SkyHedge.Core.Policies;

/// <summary>
/// Our policy: SpotHedge's skeleton (spot over-provisioned and spread over zones that have not just failed,
/// on-demand fallback) with changes that use only what the policy itself observed (its own launches, their
/// outcomes, its own preemptions, prices):
/// <list type="number">
/// <item>Fallback that only buys what helps (<see cref="OnDemandTarget"/>): on-demand covers the replicas that
/// no launched spot replica will cover in time. SpotHedge keeps T + extras − ready spot on demand, so every
/// preemption buys an on-demand replica that is ready no sooner than the spot replacement it shadows.</item>
/// <item>Interruption notices: a noticed replica is treated as gone (its zone PREEMPTED, its replacement
/// launched at once) while it keeps serving.</item>
/// <item>Optional, measured and off by default (see the README): risk-aware placement from a per-zone hazard
/// estimate (<see cref="SkyHedgePlacement.Risk"/>) and storm over-provisioning
/// (<see cref="SkyHedgeOptions.MaxOverprovision"/>). On the public traces both changed results by luck of
/// placement more than by design, so the default keeps SpotHedge's seeded random spread.</item>
/// </list>
/// </summary>
public sealed class SkyHedgePolicy : IFleetPolicy
{
    private readonly SkyHedgeOptions _options;
    private readonly ZoneHazard[] _zones;
    private readonly SpotPlacer _placer;
    private readonly Queue<double> _recentLosses = new();
    private IReadOnlyList<ZoneInfo> _zoneInfos = [];
    private int[] _plan = [];

    /// <param name="random">Seeded randomness; required for <see cref="SkyHedgePlacement.Random"/>.</param>
    /// <param name="hazards">Each zone's loss memory from earlier decisions (<see cref="Hazards"/>); null starts
    /// every zone untried.</param>
    public SkyHedgePolicy(int zoneCount, SkyHedgeOptions? options = null, PlacerState? placerState = null, Random? random = null, IReadOnlyList<ZoneHazardState>? hazards = null)
    {
        if (hazards is not null && hazards.Count != zoneCount)
        {
            throw new ArgumentException($"hazard state has {hazards.Count} zones, expected {zoneCount}", nameof(hazards));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zoneCount);
        _options = options ?? new SkyHedgeOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Overprovision);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxOverprovision, _options.Overprovision);
        _zones = new ZoneHazard[zoneCount];
        for (var z = 0; z < zoneCount; z++)
        {
            _zones[z] = new ZoneHazard(hazards?[z]);
        }

        _placer = _options.Placement == SkyHedgePlacement.Random
            ? new SpotPlacer(zoneCount, PlacerTieBreak.CheapestThenRandom, PlacerResetRule.Artifact, random ?? throw new ArgumentNullException(nameof(random), "random placement needs a seeded Random"), placerState)
            : new SpotPlacer(zoneCount, PlacerTieBreak.Cheapest, PlacerResetRule.FewerThanTwoActive, state: placerState, score: Score);
    }

    public string Name => FleetPolicies.SkyHedge;

    public SpotPlacer Placer => _placer;

    /// <summary>Each zone's loss memory after the last decision, to hand to the next policy instance.</summary>
    public IReadOnlyList<ZoneHazardState> Hazards => [.. _zones.Select(z => z.Snapshot())];

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
        var extras = _recentLosses.Count >= _options.StormPreemptions ? _options.MaxOverprovision
            : IsCalm(observation) ? 0
            : _options.Overprovision;
        var spotTarget = target + extras;

        // Replicas with an interruption notice keep serving, but the plan no longer counts on them.
        var plan = (int[])observation.Alive.Clone();
        _plan = plan;
        int kept = 0, readySpot = 0, pendingSpot = 0;
        for (var z = 0; z < plan.Length; z++)
        {
            var noticed = observation.Noticed[z];
            var ready = observation.ReadySpot[z];
            kept += observation.Alive[z] - noticed;
            readySpot += Math.Max(0, ready - noticed);
            pendingSpot += Math.Max(0, observation.Alive[z] - ready - Math.Max(0, noticed - ready));
        }

        if (kept > spotTarget)
        {
            ShedExtras(plan, observation, Math.Min(kept - spotTarget, readySpot - spotTarget));
        }
        else
        {
            _placer.ResetIfTooFewActive();
            _placer.Place(plan, spotTarget - kept, observation.Zones);
        }

        // A launch attempt counts as coverage for the extras only while launches are succeeding: after a refusal,
        // the next attempt is likely refused too, and the stand-in is what covers the gap.
        var launchedNow = 0;
        if (observation.FailedLaunches.Sum() == 0)
        {
            for (var z = 0; z < plan.Length; z++)
            {
                launchedNow += Math.Max(0, plan[z] - observation.Alive[z]);
            }
        }

        return new FleetPlan(plan, OnDemandTarget(observation, target, spotTarget, readySpot, pendingSpot, launchedNow));
    }

    /// <summary>
    /// On-demand buys only what helps. While ready spot is short of the target, the on-demand replicas that are
    /// (or will be) ready before enough launched spot replicas are, stay; new ones launch only for the part of
    /// the shortfall no launched spot replica covers (a spot replacement that survived its launch is ready no
    /// later than an on-demand replica launched now). When the extras cannot be launched at all and our spot
    /// replicas are crowded into shared zones, on-demand stands in for them, up to the target, as in SpotHedge.
    /// </summary>
    /// <param name="launchedNow">Spot replicas this decision launches: an attempt at an extra, so no stand-in
    /// for it yet (if it fails, the next decision knows); not counted against the shortfall, where a failed launch
    /// would cost availability.</param>
    internal static int OnDemandTarget(FleetObservation observation, int target, int spotTarget, int readySpot, int pendingSpot, int launchedNow = 0)
    {
        var shortfall = Math.Max(0, target - readySpot);
        var useful = Math.Min(observation.ReadyOnDemand, shortfall);
        if (shortfall > useful)
        {
            // Spot covers the shortfall once `shortfall` pending spot replicas are ready.
            var spotCoversAt = observation.PendingSpotReadyAt.Count >= shortfall
                ? observation.PendingSpotReadyAt[shortfall - 1]
                : int.MaxValue;
            foreach (var readyAt in observation.PendingOnDemandReadyAt)
            {
                if (readyAt < spotCoversAt && useful < shortfall)
                {
                    useful++;
                }
            }
        }

        // Missing extras matter only when our spot replicas are crowded: then one zone event takes several, more
        // than one extra covers. Spread one per zone, an event takes one, which the target's own replicas absorb
        // long enough for a spot replacement (failed launches cost nothing but a tick) or an on-demand one.
        var crowded = false;
        foreach (var alive in observation.Alive)
        {
            crowded |= alive >= 2;
        }

        var uncovered = shortfall - pendingSpot;
        if (crowded || observation.FailedLaunches.Sum() > 0)
        {
            uncovered = Math.Max(uncovered, spotTarget - readySpot - pendingSpot - launchedNow);
        }

        return Math.Min(target, Math.Max(useful, uncovered));
    }

    /// <summary>
    /// Calm: even the riskiest zone we hold replicas in, were the whole target as exposed as it, would lose less than
    /// <see cref="SkyHedgeOptions.CalmLossesPerHour"/> (from the policy's own history and the prior, never trace
    /// data). A fleet with no replica yet is not calm.
    /// </summary>
    internal bool IsCalm(FleetObservation observation) => WorstLossesPerHour(observation) <= _options.CalmLossesPerHour;

    /// <summary>The riskiest occupied zone's estimated loss rate times the target, per hour.</summary>
    internal double WorstLossesPerHour(FleetObservation observation)
    {
        var worst = double.NegativeInfinity;
        for (var z = 0; z < _zones.Length; z++)
        {
            if (observation.Alive[z] > 0)
            {
                worst = Math.Max(worst, _zones[z].Rate(_options));
            }
        }

        return double.IsNegativeInfinity(worst) ? double.PositiveInfinity : worst * observation.Target * 3600;
    }

    private void Learn(FleetObservation observation, double now)
    {
        var o = _options;
        for (var z = 0; z < _zones.Length; z++)
        {
            var losses = observation.Preempted[z] + observation.FailedLaunches[z];
            _zones[z].Observe(observation.TickSeconds, observation.Alive[z], losses, o.HazardHalfLifeSeconds);
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

    // Price × risk, then spread: every replica already planned in the zone, or in its region, makes it less
    // attractive, because replicas that share a zone (or region) are preempted together.
    private double Score(int zone)
    {
        var risk = _zoneInfos[zone].SpotPrice * (1 + (_options.RiskWeight * _zones[zone].Rate(_options) * 3600));
        if (_plan.Length == 0)
        {
            return risk;
        }

        var location = _zoneInfos[zone].Location;
        var inRegion = 0;
        for (var z = 0; z < _plan.Length; z++)
        {
            var other = _zoneInfos[z].Location;
            if (_plan[z] > 0 && other.Cloud == location.Cloud && other.Region == location.Region)
            {
                inRegion += _plan[z];
            }
        }

        return risk * (1 + (_options.ZoneSpreadWeight * _plan[zone]) + (_options.RegionSpreadWeight * inRegion));
    }

    private double RiskOnly(int zone) =>
        _zoneInfos[zone].SpotPrice * (1 + (_options.RiskWeight * _zones[zone].Rate(_options) * 3600));

    // Scale in, only while ready replicas exceed the spot target: lower the most crowded, then riskiest zones that
    // hold a ready replica (the reconciler may then remove a starting one there first, which keeps more ready).
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

                if (observation.ReadySpot[z] == 0)
                {
                    continue; // keep replicas that are still warming up
                }

                var score = (plan[z] * 1e3) + RiskOnly(z);
                if (score > worstScore)
                {
                    worst = z;
                    worstScore = score;
                }
            }

            if (worst < 0)
            {
                return;
            }

            plan[worst]--;
        }
    }
}
