using System.Globalization;
using System.Text;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Fake;

/// <summary>
/// The world behind one or more <see cref="FakeCloudProvider"/>s: instances, capacity, programmed faults and
/// counters. Tests program it and assert on it; providers for several cloud ids may share one.
/// </summary>
/// <remarks>
/// <para><b>Storage.</b> <see cref="InMemory"/> keeps the state in this process. <see cref="OpenFile"/> keeps it in
/// one JSON file that every call reads, changes and atomically replaces under an exclusive lock file, so separate
/// processes (a control-plane host that is killed and restarted, and the test that watches it) see one cloud, and a
/// kill at any moment leaves the last complete state.</para>
/// <para><b>Time.</b> Nothing runs in the background. The store records instants (launched, ready, preempted,
/// terminated) and every read derives states from <see cref="Time"/>: an instance is Pending until
/// <c>LaunchedAt + launch latency</c>, then Running; advance a <c>FakeTimeProvider</c> to move it along.</para>
/// <para><b>Preemption.</b> A preempted instance stops counting against capacity and stops being live at once, but
/// it still exists: <see cref="ICloudProvider.GetAsync"/> and <see cref="ICloudProvider.ListAsync"/> report it as
/// <see cref="InstanceState.Preempted"/> until it is terminated (by the control plane or <see cref="Reap"/>) or, when
/// <see cref="SetReapDelay"/> is set, until that delay has passed. Terminated instances stay in the state for audits
/// (<see cref="AllInstances"/>, <see cref="ICloudProvider.GetAsync"/>) but leave List.</para>
/// </remarks>
public sealed class FakeCloud
{
    private readonly IFakeCloudStore _store;

    private FakeCloud(IFakeCloudStore store, TimeProvider? timeProvider, string? filePath)
    {
        _store = store;
        Time = timeProvider ?? TimeProvider.System;
        FilePath = filePath;
    }

    /// <summary>The clock every state is derived from.</summary>
    public TimeProvider Time { get; }

    /// <summary>The state file, or null for an in-memory cloud.</summary>
    public string? FilePath { get; }

    /// <summary>A fresh cloud in this process only.</summary>
    public static FakeCloud InMemory(TimeProvider? timeProvider = null) => new(new InMemoryFakeCloudStore(), timeProvider, null);

    /// <summary>Opens (creating when missing or empty) the cloud stored in <paramref name="path"/>. Any number of
    /// objects and processes may open the same file at once; each call is serialised by <c>path.lock</c>.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a fake-cloud state file.</exception>
    public static FakeCloud OpenFile(string path, TimeProvider? timeProvider = null)
    {
        var store = new FileFakeCloudStore(path);
        store.Initialize();
        return new FakeCloud(store, timeProvider, store.FullPath);
    }

    /// <summary>Pending and running instances (those that hold capacity and cost money), oldest first.</summary>
    /// <param name="service">Only this service's, or all when null.</param>
    /// <param name="cloud">Only this cloud's, or all when null.</param>
    public IReadOnlyList<CloudInstance> LiveInstances(string? service = null, string? cloud = null) =>
        Read((state, now) => Snapshot(state, now, service, cloud)
            .Where(i => i.State is InstanceState.Pending or InstanceState.Running).ToArray());

    /// <summary>Every instance ever launched, terminated and preempted ones included, oldest first.</summary>
    public IReadOnlyList<CloudInstance> AllInstances(string? service = null, string? cloud = null) =>
        Read((state, now) => Snapshot(state, now, service, cloud).ToArray());

    /// <summary>Live instances grouped by <c>service/replica</c>, only the groups with more than one: a replica that
    /// was launched twice. Empty when there is no duplicate.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CloudInstance>> DuplicateReplicas(string? service = null) =>
        LiveInstances(service)
            .GroupBy(i => $"{i.Service}/{i.ReplicaId}", StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CloudInstance>)[.. g], StringComparer.Ordinal);

    /// <summary>Instances ever created (a replayed idempotent launch creates none).</summary>
    public int TotalLaunched => Read((state, _) => state.Instances.Count);

    /// <summary>Instances terminated by now: by the control plane, <see cref="Reap"/> or the reap delay.</summary>
    public int Terminated => Read((state, now) => state.Instances.Count(i => i.StateAt(now, state.ReapDelay) == InstanceState.Terminated));

    /// <summary>Instances the cloud has taken back by now (including ones terminated since).</summary>
    public int Preempted => Read((state, now) => state.Instances.Count(i => i.WasPreemptedBy(now)));

    /// <summary>Launches that presented an idempotency token already used and got the earlier instance back.</summary>
    public int DuplicateLaunchAttempts => Read((state, _) => state.DuplicateLaunchAttempts);

    /// <summary>Calls per operation over all clouds, failed ones included.</summary>
    public IReadOnlyDictionary<FakeOperation, int> CallCounts => Read((state, _) =>
        Enum.GetValues<FakeOperation>().ToDictionary(op => op, op => Count(state, op, null)));

    /// <summary>Programmed faults that have not fired yet (sum of their remaining counts).</summary>
    public int PendingFaults => Read((state, _) => state.Faults.Sum(f => f.Remaining));

    /// <summary>Calls of <paramref name="operation"/> on one cloud (or all when null), failed ones included.</summary>
    public int CallCount(FakeOperation operation, string? cloud = null) => Read((state, _) => Count(state, operation, cloud));

    /// <summary>A readable list of the live instances, for assertion messages.</summary>
    public string DescribeLive(string? service = null)
    {
        var live = LiveInstances(service);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{live.Count} live instance(s){(service is null ? "" : $" of {service}")}");
        foreach (var i in live)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {i.InstanceId} {i.Service}/{i.ReplicaId} {i.Location} {i.Market} {i.InstanceType} {i.State} launched {i.LaunchedAt:O}");
        }

        return text.ToString();
    }

    /// <summary>Sets the capacity of one (location, market); null = unlimited (the default for both markets), 0 =
    /// none. Lowering spot capacity below the live count preempts the youngest excess instances; lowering on-demand
    /// capacity only blocks new launches.</summary>
    /// <returns>The ids of the instances preempted.</returns>
    public IReadOnlyList<string> SetCapacity(Location location, Market market, int? limit)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(limit ?? 0, nameof(limit));
        return Update((state, now) => FakeCapacity.Set(state, now, location, market, limit));
    }

    /// <summary><see cref="SetCapacity"/> for spot: how a capacity trace drives the fake.</summary>
    public IReadOnlyList<string> SetSpotCapacity(Location location, int? limit) => SetCapacity(location, Market.Spot, limit);

    /// <summary>The capacity set for (location, market), or null when unlimited.</summary>
    public int? GetCapacity(Location location, Market market) => Read((state, _) => FakeCapacity.Limit(state, location, market));

    /// <summary>Preempts every live spot instance in <paramref name="location"/> now; capacity is left as it is.</summary>
    /// <returns>The ids of the instances preempted.</returns>
    public IReadOnlyList<string> Preempt(Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Update((state, now) => FakeCapacity.PreemptAll(state, now, location));
    }

    /// <summary>Preempts one instance now, whatever its market (an on-demand one models a host failure).</summary>
    /// <returns>False when the instance is unknown or no longer live.</returns>
    public bool Preempt(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return Update((state, now) => FakeCapacity.Preempt(state, now, instanceId));
    }

    /// <summary>Announces an interruption: from <paramref name="at"/> (default now) the instance reports
    /// <see cref="CloudInstance.InterruptionNoticeAt"/>; with <paramref name="preemptAfter"/> it is also preempted
    /// that long after the notice (AWS gives 2 minutes, Azure and GCP 30 s).</summary>
    /// <returns>False when the instance is unknown or no longer live.</returns>
    public bool Notice(string instanceId, DateTimeOffset? at = null, TimeSpan? preemptAfter = null)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return Update((state, now) => FakeCapacity.Notice(state, now, instanceId, at ?? now, preemptAfter));
    }

    /// <summary>Terminates every preempted instance now (the cloud cleaning up), so they leave List.</summary>
    /// <returns>The ids reaped.</returns>
    public IReadOnlyList<string> Reap() => Update((state, now) =>
    {
        var preempted = state.Instances.FindAll(i => i.StateAt(now, state.ReapDelay) == InstanceState.Preempted);
        preempted.ForEach(i => i.TerminatedAt = now);
        return (IReadOnlyList<string>)preempted.ConvertAll(i => i.InstanceId);
    });

    /// <summary>Preempted instances count as terminated this long after their preemption (null: until terminated or
    /// <see cref="Reap"/>ed, the default).</summary>
    public void SetReapDelay(TimeSpan? delay) => Update((state, _) => state.ReapDelay = delay);

    /// <summary>Instances launched from now on are Pending for <paramref name="latency"/>, then Running (default
    /// zero: Running at once).</summary>
    /// <param name="cloud">Only for this cloud id, or the default for every cloud when null.</param>
    public void SetLaunchLatency(TimeSpan latency, string? cloud = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        Update((state, _) => state.LaunchLatency[cloud ?? FakeCloudState.AnyCloud] = latency);
    }

    /// <summary>Makes the next <paramref name="times"/> matching calls fail with <paramref name="fault"/>. Rules
    /// fire in the order they were added, each call consuming at most one; then calls succeed again.</summary>
    /// <param name="cloud">Only calls to this cloud id, or any when null.</param>
    /// <param name="location">Only launches into this location (launch only), or any when null.</param>
    public void Fail(FakeOperation operation, FakeFault fault, int times = 1, string? cloud = null, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        if (operation != FakeOperation.Launch && (location is not null || fault.Kind == FakeFaultKind.InsufficientCapacity))
        {
            throw new ArgumentException($"A location and {nameof(FakeFaultKind.InsufficientCapacity)} apply to launches only, not {operation}.", nameof(operation));
        }

        Update((state, _) =>
        {
            state.Faults.Add(new FakeFaultRule { Operation = operation, Fault = fault, Remaining = times, Cloud = cloud, Location = location });
            return 0;
        });
    }

    /// <summary>Drops every programmed fault that has not fired.</summary>
    public void ClearFaults() => Update((state, _) =>
    {
        state.Faults.Clear();
        return 0;
    });

    /// <summary>Throttles each call (any operation, any cloud) with <paramref name="probability"/>, decided by a
    /// hash of <paramref name="seed"/> and the call's number, so a seed replays the same faults. 0 turns it off.</summary>
    public void SetThrottleChaos(double probability, int seed, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        Update((state, _) => state.Chaos = probability == 0 ? null : new FakeChaos { ThrottleProbability = probability, Seed = seed, RetryAfter = retryAfter });
    }

    /// <summary>Replaces what <paramref name="cloud"/> sells (its GetOfferings source); null restores the default
    /// set (zones <c>{cloud}-zone-a..d</c> of <c>{cloud}-region-1</c>, <c>fake.gpu</c>, spot $1/h, on-demand
    /// $3/h, with the candidate's GPUs or A10G).</summary>
    public void SetOfferings(string cloud, IEnumerable<Offering>? offerings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cloud);
        var list = offerings?.ToList();
        Update((state, _) =>
        {
            if (list is null)
            {
                state.Offerings.Remove(cloud);
            }
            else
            {
                state.Offerings[cloud] = list;
            }

            return 0;
        });
    }

    /// <summary>Runs a provider call inside the store (the state, now) and keeps its effects.</summary>
    internal Task<T> RunAsync<T>(Func<FakeCloudState, DateTimeOffset, T> operation, CancellationToken cancellationToken) =>
        _store.UpdateAsync(state => operation(state, Time.GetUtcNow()), cancellationToken);

    private T Update<T>(Func<FakeCloudState, DateTimeOffset, T> change) => _store.Update(state => change(state, Time.GetUtcNow()));

    private T Read<T>(Func<FakeCloudState, DateTimeOffset, T> query) => _store.Read(state => query(state, Time.GetUtcNow()));

    private static IEnumerable<CloudInstance> Snapshot(FakeCloudState state, DateTimeOffset now, string? service, string? cloud) =>
        state.Instances
            .Where(i => (service is null || string.Equals(i.Service, service, StringComparison.Ordinal)) && (cloud is null || i.IsFor(cloud)))
            .OrderBy(i => i.Sequence)
            .Select(i => i.ToCloudInstance(now, state.ReapDelay));

    private static int Count(FakeCloudState state, FakeOperation operation, string? cloud) =>
        state.CallCounts
            .Where(kv => kv.Key.EndsWith($":{operation}", StringComparison.Ordinal)
                && (cloud is null || string.Equals(kv.Key[..kv.Key.LastIndexOf(':')], cloud, StringComparison.OrdinalIgnoreCase)))
            .Sum(kv => kv.Value);
}
