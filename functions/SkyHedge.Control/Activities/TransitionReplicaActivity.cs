using Microsoft.DurableTask;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Activities;

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
