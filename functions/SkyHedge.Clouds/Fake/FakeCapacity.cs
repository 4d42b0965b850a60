using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.Fake;

/// <summary>Capacity limits and the preemptions they cause, over a <see cref="FakeCloudState"/>.</summary>
internal static class FakeCapacity
{
    public static int? Limit(FakeCloudState state, Location location, Market market) =>
        state.Capacities.Find(c => c.Market == market && FakeLocations.Same(c.Location, location))?.Limit;

    /// <summary>Pending and running instances in one (location, market): what counts against its capacity.</summary>
    public static List<FakeInstanceRecord> Live(FakeCloudState state, DateTimeOffset now, Location location, Market market) =>
        state.Instances.FindAll(i => i.Market == market && FakeLocations.Same(i.Location, location) && i.IsLiveAt(now));

    public static bool HasRoom(FakeCloudState state, DateTimeOffset now, Location location, Market market) =>
        Limit(state, location, market) is not { } limit || Live(state, now, location, market).Count < limit;

    /// <summary>Sets a limit (null = unlimited). Lowering a SPOT limit below the live count preempts the youngest
    /// excess instances, as a cloud reclaiming capacity does; on-demand instances are never preempted, the lower
    /// limit only stops new launches.</summary>
    /// <returns>The ids of the instances preempted.</returns>
    public static IReadOnlyList<string> Set(FakeCloudState state, DateTimeOffset now, Location location, Market market, int? limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit ?? 0, nameof(limit));
        state.Capacities.RemoveAll(c => c.Market == market && FakeLocations.Same(c.Location, location));
        if (limit is not { } max)
        {
            return [];
        }

        state.Capacities.Add(new FakeCapacityRecord { Location = location, Market = market, Limit = max });
        if (market != Market.Spot)
        {
            return [];
        }

        var live = Live(state, now, location, market);
        var excess = live
            .OrderByDescending(i => i.LaunchedAt)
            .ThenByDescending(i => i.Sequence)
            .Take(Math.Max(0, live.Count - max))
            .ToList();
        excess.ForEach(i => i.PreemptAt = now);
        return excess.ConvertAll(i => i.InstanceId);
    }

    /// <summary>Preempts every live spot instance in a location (the capacity limit is left alone).</summary>
    public static IReadOnlyList<string> PreemptAll(FakeCloudState state, DateTimeOffset now, Location location)
    {
        var live = Live(state, now, location, Market.Spot);
        live.ForEach(i => i.PreemptAt = now);
        return live.ConvertAll(i => i.InstanceId);
    }

    /// <summary>Preempts one live instance; false when it is unknown or no longer live.</summary>
    public static bool Preempt(FakeCloudState state, DateTimeOffset now, string instanceId)
    {
        if (state.Find(instanceId) is not { } instance || !instance.IsLiveAt(now))
        {
            return false;
        }

        instance.PreemptAt = now;
        return true;
    }

    /// <summary>Announces a preemption at <paramref name="at"/> and, when <paramref name="preemptAfter"/> is given,
    /// schedules it that long after the notice. False when the instance is unknown or no longer live.</summary>
    public static bool Notice(FakeCloudState state, DateTimeOffset now, string instanceId, DateTimeOffset at, TimeSpan? preemptAfter)
    {
        if (state.Find(instanceId) is not { } instance || !instance.IsLiveAt(now))
        {
            return false;
        }

        instance.NoticeAt = at;
        if (preemptAfter is { } lead && (instance.PreemptAt is null || at + lead < instance.PreemptAt))
        {
            instance.PreemptAt = at + lead;
        }

        return true;
    }
}
