using Microsoft.DurableTask;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Probing;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Control.Activities;

/// <summary>Reads a replica's row for its orchestration.</summary>
[DurableTask(ActivityNames.LoadReplica)]
public sealed class LoadReplicaActivity(IStateStore store, SpecCache specs) : TaskActivity<ReplicaKey, ReplicaProgress>
{
    public override async Task<ReplicaProgress> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await ProgressAsync(await store.GetReplicaAsync(input.Service, input.ReplicaId), input.Service, specs);
    }

    internal static async Task<ReplicaProgress> ProgressAsync(ReplicaRecord? row, string service, SpecCache specs)
    {
        if (row is null)
        {
            return new ReplicaProgress(false, ReplicaStatus.Terminated, null, 0);
        }

        var spec = await specs.ForAsync(service, CancellationToken.None);
        var delay = spec?.Service.ReadinessProbe.InitialDelaySeconds ?? Core.Spec.SpecDefaults.InitialDelaySeconds;
        return new ReplicaProgress(true, row.Replica.Status, row.Replica.LaunchTime, delay);
    }
}

/// <summary>Moves a replica's row through the core state machine. Idempotent: a row already in the target state
/// is left alone, and a transition the row no longer allows (someone else ended it) is skipped.</summary>
[DurableTask(ActivityNames.TransitionReplica)]
public sealed class TransitionReplicaActivity(IStateStore store, SpecCache specs, TimeProvider clock) : TaskActivity<TransitionRequest, ReplicaProgress>
{
    public override async Task<ReplicaProgress> RunAsync(TaskActivityContext context, TransitionRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Key.Service, input.Key.ReplicaId);
        if (row is null || row.Replica.Status == input.To || !ReplicaStateMachine.CanTransition(row.Replica.Status, input.To))
        {
            return await LoadReplicaActivity.ProgressAsync(row, input.Key.Service, specs);
        }

        var updated = await store.UpdateReplicaRecordAsync(
            input.Key.Service,
            input.Key.ReplicaId,
            r => r.Replica.Status == input.To || !ReplicaStateMachine.CanTransition(r.Replica.Status, input.To)
                ? r
                : r with { Replica = r.Replica.TransitionTo(input.To, clock.GetUtcNow(), input.Reason), InstanceId = input.InstanceId ?? r.InstanceId },
            "replica-lifecycle");
        return await LoadReplicaActivity.ProgressAsync(updated, input.Key.Service, specs);
    }
}

/// <summary>Launches the replica's instance. The idempotency token makes a retried or replayed launch return the
/// same instance. Typed cloud errors come back as data.</summary>
[DurableTask(ActivityNames.LaunchReplica)]
public sealed class LaunchReplicaActivity(IStateStore store, SpecCache specs, CloudProviders clouds) : TaskActivity<ReplicaKey, LaunchOutcome>
{
    public override async Task<LaunchOutcome> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Service, input.ReplicaId)
            ?? throw new InvalidOperationException($"replica {input.ReplicaId} of {input.Service} has no row");
        var spec = await specs.ForAsync(input.Service, CancellationToken.None)
            ?? throw new InvalidOperationException($"service {input.Service} has no spec");
        var r = row.Replica;
        var offering = new Offering(r.InstanceType, r.Accelerator, 1, r.Location, r.Market, r.HourlyPrice);
        var request = new LaunchRequest(input.Service, r.Id, offering, spec, row.IdempotencyToken ?? $"{input.Service}-{r.Id}", row.ReplicaToken ?? "");
        try
        {
            var instance = await clouds.Get(r.Cloud).LaunchAsync(request, CancellationToken.None);
            await store.UpdateReplicaRecordAsync(input.Service, r.Id, x => x with { InstanceId = instance.InstanceId, Address = instance.Address ?? x.Address }, "replica-lifecycle");
            return new LaunchOutcome(instance.InstanceId, LaunchFailure.None, null, null);
        }
        catch (CloudException e)
        {
            var failure = e switch
            {
                InsufficientCapacityException => LaunchFailure.InsufficientCapacity,
                QuotaExceededException => LaunchFailure.QuotaExceeded,
                ThrottledException => LaunchFailure.Throttled,
                UnauthorizedException => LaunchFailure.Unauthorized,
                _ => LaunchFailure.InvalidSpec,
            };
            return new LaunchOutcome(null, failure, e.Message, (e as ThrottledException)?.RetryAfter?.TotalSeconds);
        }
    }
}

/// <summary>One look at the replica: its instance as the cloud reports it (keeping the row's address current) and,
/// when it runs, its readiness probe with the replica's own token.</summary>
[DurableTask(ActivityNames.ObserveReplica)]
public sealed class ObserveReplicaActivity(IStateStore store, SpecCache specs, CloudProviders clouds, ReadinessProber prober) : TaskActivity<ReplicaKey, ReplicaHealth>
{
    public override async Task<ReplicaHealth> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Service, input.ReplicaId);
        if (row?.InstanceId is null)
        {
            return new ReplicaHealth(new InstanceCheck(null, false), null);
        }

        var instance = await clouds.Get(row.Replica.Cloud).GetAsync(row.InstanceId, CancellationToken.None);
        var check = new InstanceCheck(instance?.State, instance?.InterruptionNoticeAt is not null);
        if (instance?.State != InstanceState.Running)
        {
            return new ReplicaHealth(check, null);
        }

        var address = instance.Address ?? row.Address;
        if (address is not null && address != row.Address)
        {
            await store.UpdateReplicaRecordAsync(input.Service, input.ReplicaId, x => x with { Address = address }, "replica-lifecycle");
        }

        var spec = await specs.ForAsync(input.Service, CancellationToken.None);
        var probe = address is null || spec is null
            ? new ProbeResult(false, null, "no address yet")
            : await prober.ProbeAsync(address, spec.Service.ReadinessProbe, row.ReplicaToken, CancellationToken.None);
        return new ReplicaHealth(check, probe);
    }
}

/// <summary>Terminates every instance of the replica: the one on its row and any the cloud tagged with its id (a
/// launch that succeeded just before a crash leaves an instance the row does not name yet). Idempotent.</summary>
[DurableTask(ActivityNames.TerminateInstance)]
public sealed class TerminateInstanceActivity(IStateStore store, CloudProviders clouds) : TaskActivity<ReplicaKey, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Service, input.ReplicaId);
        if (row is null)
        {
            return false;
        }

        var cloud = clouds.Get(row.Replica.Cloud);
        var ids = (await cloud.ListAsync(input.Service, CancellationToken.None))
            .Where(i => i.ReplicaId == input.ReplicaId)
            .Select(i => i.InstanceId)
            .ToHashSet(StringComparer.Ordinal);
        if (row.InstanceId is not null)
        {
            ids.Add(row.InstanceId);
        }

        foreach (var id in ids)
        {
            await cloud.TerminateAsync(id, CancellationToken.None);
        }

        return ids.Count > 0;
    }
}
