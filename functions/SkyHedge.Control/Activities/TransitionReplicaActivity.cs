using Microsoft.DurableTask;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Router;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Activities;

/// <summary>Moves a replica's row through the core state machine. Idempotent: a row already in the target state
/// is left alone, and a transition the row no longer allows (someone else ended it) is skipped. A transition this
/// call wrote is then pushed to the router (best effort, never failing the activity), so it stops or starts sending
/// requests to the replica now rather than at its next poll.</summary>
[DurableTask(ActivityNames.TransitionReplica)]
public sealed class TransitionReplicaActivity(IStateStore store, SpecCache specs, TimeProvider clock, IRouterNotifier router)
    : TaskActivity<TransitionRequest, ReplicaProgress>
{
    public override async Task<ReplicaProgress> RunAsync(TaskActivityContext context, TransitionRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Key.Service, input.Key.ReplicaId);
        if (row is null || row.Replica.Status == input.To || !ReplicaStateMachine.CanTransition(row.Replica.Status, input.To))
        {
            return await LoadReplicaActivity.ProgressAsync(row, input.Key.Service, specs);
        }

        // The change may run more than once (a lost race re-reads); its last run is the one that was written.
        var wrote = false;
        var updated = await store.UpdateReplicaRecordAsync(
            input.Key.Service,
            input.Key.ReplicaId,
            r =>
            {
                wrote = r.Replica.Status != input.To && ReplicaStateMachine.CanTransition(r.Replica.Status, input.To);
                return wrote
                    ? r with { Replica = r.Replica.TransitionTo(input.To, clock.GetUtcNow(), input.Reason), InstanceId = input.InstanceId ?? r.InstanceId }
                    : r;
            },
            "replica-lifecycle");
        if (wrote)
        {
            // Once per written change: a retry or replay finds the row already moved and skips above. A push lost to
            // a crash between the write and here is made up by the router's poll.
            await router.ReplicaChangedAsync(input.Key.Service, input.Key.ReplicaId, input.To, CancellationToken.None);
        }

        return await LoadReplicaActivity.ProgressAsync(updated, input.Key.Service, specs);
    }
}
