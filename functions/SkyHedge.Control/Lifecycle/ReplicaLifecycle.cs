using Microsoft.DurableTask;
using SkyHedge.Core.Model;
using S = SkyHedge.Core.Model.ReplicaStatus;

namespace SkyHedge.Control.Lifecycle;

/// <summary>
/// One replica's life, as a durable orchestration: launch (idempotent: the cloud's client token is the replica
/// id), wait until running, probe until Ready or the initial delay passes, monitor (probe failures → NotReady →
/// replaced; preemption → Preempted; notice or drain → Draining), shut down. It reads the replica's row once per
/// generation and then follows its own transitions, each of which goes through the core state machine, so a
/// replayed, crashed or restarted orchestration picks up from the row and never launches twice. Deterministic:
/// time from the context, waits on durable timers and events.
/// </summary>
public sealed class ReplicaLifecycle : TaskOrchestrator<ReplicaLifecycleInput, S>
{
    public override async Task<S> RunAsync(TaskOrchestrationContext context, ReplicaLifecycleInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var steps = new ReplicaSteps(context, input);
        var progress = await context.CallActivityAsync<ReplicaProgress>(ActivityNames.LoadReplica, input.Key, ActivityRetry.Options);
        for (var loop = 0; loop < input.Options.LoopsPerGeneration; loop++)
        {
            if (!progress.Exists || ReplicaStateMachine.IsTerminal(progress.Status))
            {
                return progress.Status;
            }

            progress = await steps.RunAsync(progress);
        }

        // Bound the history of a long-lived replica: start over from the row, keeping the probe count.
        context.ContinueAsNew(input with { FailedProbes = steps.FailedProbes });
        return progress.Status;
    }
}
