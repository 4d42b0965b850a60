using System.Globalization;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Fake;

/// <summary>
/// The <see cref="ICloudProvider"/> calls as pure functions of (state, now): each counts itself, passes the fault
/// gate, then acts. Errors are returned, not thrown, so the store keeps the call count and any effect first.
/// </summary>
internal static class FakeCloudOperations
{
    public static FakeOutcome<CloudInstance> Launch(
        FakeCloudState state, DateTimeOffset now, string cloud, LaunchRequest request, Func<LaunchRequest, string, string>? addressFactory)
    {
        var offering = request.Offering;
        var (before, after) = FakeFaultGate.Enter(state, cloud, FakeOperation.Launch, offering.Location, offering.Market);
        if (before is not null)
        {
            return FakeOutcome<CloudInstance>.Fail(before);
        }

        var outcome = LaunchCore(state, now, cloud, request, addressFactory);
        return after is not null && outcome.Error is null ? FakeOutcome<CloudInstance>.Fail(after) : outcome;
    }

    public static FakeOutcome<CloudInstance?> Get(FakeCloudState state, DateTimeOffset now, string cloud, string instanceId)
    {
        var (before, after) = FakeFaultGate.Enter(state, cloud, FakeOperation.Get);
        if ((before ?? after) is { } error)
        {
            return FakeOutcome<CloudInstance?>.Fail(error);
        }

        var found = state.Find(instanceId);
        return FakeOutcome<CloudInstance?>.Ok(found is not null && found.IsFor(cloud) ? found.ToCloudInstance(now, state.ReapDelay) : null);
    }

    public static FakeOutcome<IReadOnlyList<CloudInstance>> List(FakeCloudState state, DateTimeOffset now, string cloud, string? service)
    {
        var (before, after) = FakeFaultGate.Enter(state, cloud, FakeOperation.List);
        if ((before ?? after) is { } error)
        {
            return FakeOutcome<IReadOnlyList<CloudInstance>>.Fail(error);
        }

        IReadOnlyList<CloudInstance> listed = [.. state.Instances
            .Where(i => i.IsFor(cloud) && (service is null || string.Equals(i.Service, service, StringComparison.Ordinal)))
            .Select(i => i.ToCloudInstance(now, state.ReapDelay))
            .Where(i => i.State != InstanceState.Terminated)];
        return FakeOutcome<IReadOnlyList<CloudInstance>>.Ok(listed);
    }

    public static FakeOutcome<bool> Terminate(FakeCloudState state, DateTimeOffset now, string cloud, string instanceId)
    {
        var (before, after) = FakeFaultGate.Enter(state, cloud, FakeOperation.Terminate);
        if (before is not null)
        {
            return FakeOutcome<bool>.Fail(before);
        }

        // Unknown, another cloud's, already terminated or reaped: nothing to do, and that is success.
        var found = state.Find(instanceId);
        var terminated = found is not null && found.IsFor(cloud) && found.StateAt(now, state.ReapDelay) != InstanceState.Terminated;
        if (terminated)
        {
            found!.TerminatedAt = now;
        }

        return after is not null ? FakeOutcome<bool>.Fail(after) : FakeOutcome<bool>.Ok(terminated);
    }

    public static FakeOutcome<IReadOnlyList<Offering>> Offerings(FakeCloudState state, string cloud, ResourceCandidate candidate)
    {
        var (before, after) = FakeFaultGate.Enter(state, cloud, FakeOperation.GetOfferings);
        if ((before ?? after) is { } error)
        {
            return FakeOutcome<IReadOnlyList<Offering>>.Fail(error);
        }

        try
        {
            return FakeOutcome<IReadOnlyList<Offering>>.Ok(FakeOfferings.For(state, cloud, candidate));
        }
        catch (InvalidSpecException ex)
        {
            return FakeOutcome<IReadOnlyList<Offering>>.Fail(ex);
        }
    }

    private static FakeOutcome<CloudInstance> LaunchCore(
        FakeCloudState state, DateTimeOffset now, string cloud, LaunchRequest request, Func<LaunchRequest, string, string>? addressFactory)
    {
        var offering = request.Offering;
        if (!string.Equals(offering.Location.Cloud, cloud, StringComparison.OrdinalIgnoreCase))
        {
            return FakeOutcome<CloudInstance>.Fail(new InvalidSpecException(
                cloud, $"offering {offering} is for cloud '{offering.Location.Cloud}'", "InvalidParameterValue"));
        }

        var existing = state.Instances.Find(i => i.IsFor(cloud) && string.Equals(i.IdempotencyToken, request.IdempotencyToken, StringComparison.Ordinal));
        if (existing is not null)
        {
            return Replay(state, now, cloud, request, existing);
        }

        if (!FakeCapacity.HasRoom(state, now, offering.Location, offering.Market))
        {
            return FakeOutcome<CloudInstance>.Fail(new InsufficientCapacityException(cloud, offering.Location, offering.Market, "InsufficientInstanceCapacity"));
        }

        // Compute everything that may throw (the test's address factory) before the state changes.
        var sequence = state.NextSequence;
        var instanceId = string.Create(CultureInfo.InvariantCulture, $"{cloud}-i-{sequence:x8}");
        var address = addressFactory is null ? $"fake://{cloud}/{instanceId}" : addressFactory(request, instanceId);
        var record = new FakeInstanceRecord
        {
            InstanceId = instanceId,
            Sequence = sequence,
            Cloud = cloud,
            Service = request.Service,
            ReplicaId = request.ReplicaId,
            IdempotencyToken = request.IdempotencyToken,
            Location = offering.Location,
            Market = offering.Market,
            InstanceType = offering.InstanceType,
            Address = address,
            LaunchedAt = now,
            ReadyAt = now + state.LatencyFor(cloud),
        };
        state.NextSequence = sequence + 1;
        state.Instances.Add(record);
        return FakeOutcome<CloudInstance>.Ok(record.ToCloudInstance(now, state.ReapDelay));
    }

    /// <summary>A token seen before: the instance it created, as it is now (even terminated), never a new one. Like
    /// EC2's <c>IdempotentParameterMismatch</c>, reusing a token for a different replica or offering is an error:
    /// it means the caller derives tokens wrongly, which would otherwise hide a lost launch.</summary>
    private static FakeOutcome<CloudInstance> Replay(FakeCloudState state, DateTimeOffset now, string cloud, LaunchRequest request, FakeInstanceRecord existing)
    {
        var offering = request.Offering;
        var same = string.Equals(existing.Service, request.Service, StringComparison.Ordinal)
            && string.Equals(existing.ReplicaId, request.ReplicaId, StringComparison.Ordinal)
            && FakeLocations.Same(existing.Location, offering.Location)
            && existing.Market == offering.Market
            && string.Equals(existing.InstanceType, offering.InstanceType, StringComparison.Ordinal);
        if (!same)
        {
            return FakeOutcome<CloudInstance>.Fail(new InvalidSpecException(
                cloud,
                $"idempotency token '{request.IdempotencyToken}' was used for {existing.Service}/{existing.ReplicaId} {existing.InstanceType} {existing.Location} {existing.Market}",
                "IdempotentParameterMismatch"));
        }

        state.DuplicateLaunchAttempts++;
        return FakeOutcome<CloudInstance>.Ok(existing.ToCloudInstance(now, state.ReapDelay));
    }
}
