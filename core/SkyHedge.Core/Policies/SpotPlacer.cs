namespace SkyHedge.Core.Policies;

/// <summary>
/// SpotHedge's spot placer. Every allowed zone is ACTIVE or PREEMPTED. A new spot replica goes to an ACTIVE
/// zone that holds none of this service's spot replicas yet (spread to de-correlate preemptions), else to any
/// ACTIVE zone. A preemption or failed launch marks a zone PREEMPTED, a launch that survives marks it ACTIVE
/// again, and when too few zones remain ACTIVE every zone is reset to ACTIVE (all zones look bad, so
/// the marks carry no information any more).
/// </summary>
public sealed class SpotPlacer
{
    private readonly bool[] _preempted;
    private readonly PlacerTieBreak _tieBreak;
    private readonly PlacerResetRule _resetRule;
    private readonly Random? _random;
    private readonly List<int> _candidates = [];
    private readonly Func<int, double>? _score;

    /// <param name="score">For <see cref="PlacerTieBreak.Cheapest"/>: the cost of a zone (lower is better);
    /// defaults to its spot price.</param>
    public SpotPlacer(int zoneCount, PlacerTieBreak tieBreak, PlacerResetRule resetRule, Random? random = null, PlacerState? state = null, Func<int, double>? score = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zoneCount);
        if (tieBreak is PlacerTieBreak.Random or PlacerTieBreak.CheapestThenRandom && random is null)
        {
            throw new ArgumentException("the random tie-break needs a seeded Random", nameof(random));
        }

        if (state is not null && state.Preempted.Length != zoneCount)
        {
            throw new ArgumentException($"placer state has {state.Preempted.Length} zones, expected {zoneCount}", nameof(state));
        }

        _preempted = state is null ? new bool[zoneCount] : (bool[])state.Preempted.Clone();
        _tieBreak = tieBreak;
        _resetRule = resetRule;
        _random = random;
        _score = score;
    }

    public int ZoneCount => _preempted.Length;

    public int ActiveCount => _preempted.Count(p => !p);

    public bool IsActive(int zone) => !_preempted[zone];

    public PlacerState Snapshot() => new((bool[])_preempted.Clone());

    public void MarkPreempted(int zone) => _preempted[zone] = true;

    public void MarkActive(int zone) => _preempted[zone] = false;

    /// <summary>Marks zones from the outcome of the previous decision: fewer replicas alive than requested means
    /// a preemption or failed launch (PREEMPTED); all requested replicas alive means the zone works (ACTIVE).</summary>
    public void Observe(FleetObservation observation)
    {
        for (var z = 0; z < _preempted.Length; z++)
        {
            var requested = observation.Requested[z];
            var alive = observation.Alive[z];
            if (requested > alive)
            {
                _preempted[z] = true;
            }
            else if (requested > 0 && requested == alive)
            {
                _preempted[z] = false;
            }
        }
    }

    /// <summary>Applies the reset rule; returns true when it reset.</summary>
    public bool ResetIfTooFewActive()
    {
        var active = ActiveCount;
        var threshold = _resetRule == PlacerResetRule.FewerThanTwoActive ? 1 : Math.Min(1, ZoneCount - 3);
        if (active > threshold)
        {
            return false;
        }

        Array.Clear(_preempted);
        return true;
    }

    /// <summary>Adds <paramref name="count"/> spot replicas to <paramref name="plan"/>, one at a time.</summary>
    public void Place(int[] plan, int count, IReadOnlyList<ZoneInfo> zones)
    {
        for (var i = 0; i < count; i++)
        {
            plan[PickZone(plan, zones)]++;
        }
    }

    /// <summary>The zone for one more spot replica given the plan so far.</summary>
    public int PickZone(int[] plan, IReadOnlyList<ZoneInfo> zones)
    {
        _candidates.Clear();
        for (var z = 0; z < _preempted.Length; z++)
        {
            if (!_preempted[z] && plan[z] == 0)
            {
                _candidates.Add(z);
            }
        }

        if (_candidates.Count == 0)
        {
            for (var z = 0; z < _preempted.Length; z++)
            {
                if (!_preempted[z])
                {
                    _candidates.Add(z);
                }
            }
        }

        if (_candidates.Count == 0)
        {
            // Reachable when the caller skipped the reset rule, or with the artifact's rule on 1-2 zones (its
            // threshold min(1, N - 3) is negative there, so it never resets): every zone is then as good as any.
            for (var z = 0; z < _preempted.Length; z++)
            {
                _candidates.Add(z);
            }
        }

        if (_tieBreak == PlacerTieBreak.Random)
        {
            return _candidates[_random!.Next(_candidates.Count)];
        }

        if (_tieBreak == PlacerTieBreak.CheapestThenRandom)
        {
            var cheapest = _candidates.Min(z => zones[z].SpotPrice);
            _candidates.RemoveAll(z => zones[z].SpotPrice > cheapest);
            return _candidates[_random!.Next(_candidates.Count)];
        }

        var best = _candidates[0];
        var bestScore = double.PositiveInfinity;
        foreach (var z in _candidates)
        {
            var score = _score?.Invoke(z) ?? zones[z].SpotPrice;
            if (score < bestScore)
            {
                best = z;
                bestScore = score;
            }
        }

        return best;
    }
}
