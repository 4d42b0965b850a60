using Microsoft.DurableTask;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Core.Control;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Controller;

/// <summary>
/// One per service, eternal: observe (activity: the spec, the replica rows, the offerings, and the target, which the
/// request-rate autoscaler sets from the router's request counts, its state carried in <see cref="ControllerMemory"/>),
/// decide with the service's policy (activity, so its randomness and state are recorded), reconcile with the pure
/// core <see cref="Reconciler"/>, act (create rows and start a <see cref="ReplicaLifecycle"/> per launch, signal
/// terminations), wait for the decision interval or a signal, then ContinueAsNew. A deleted service terminates
/// every replica, waits for them to end, then finishes.
/// </summary>
public sealed class ServiceController : TaskOrchestrator<ServiceControllerInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, ServiceControllerInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var memory = input.Memory ?? ControllerMemory.Empty;
        var obs = await context.CallActivityAsync<ServiceObservation>(
            ControllerActivities.ObserveService, new ObserveRequest(input.Service, memory.LastDecision, memory.Scale), ActivityRetry.Options);
        if (!obs.Exists)
        {
            return "gone";
        }

        if (obs.Deleting)
        {
            return await DeleteAsync(context, input, obs) ? "deleted" : Continue(context, input, memory);
        }

        var decision = await context.CallActivityAsync<FleetDecision>(
            ControllerActivities.DecideFleet, new DecideRequest(input.Service, obs, memory, input.Options, input.Iteration), ActivityRetry.Options);

        var groups = obs.AllGroups;
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var spot = group.Zones.Select(z => decision.Spot[z]).ToArray();
            foreach (var d in Reconciler.Decide(new Core.Policies.FleetPlan(spot, decision.OnDemand[g]), FleetMath.Views(obs, group)))
            {
                switch (d)
                {
                    case LaunchDecision launch:
                        var offering = launch.Market == Market.OnDemand ? group.OnDemand : obs.Zones[group.Zones[launch.Zone]].Offering;
                        if (offering is null)
                        {
                            continue; // no on-demand offering configured: nothing to buy
                        }

                        // A deterministic id: replays create the same replica, and the cloud launch is keyed by it.
                        var id = "r" + context.NewGuid().ToString("N")[..12];
                        await context.CallActivityAsync(ControllerActivities.CreateReplica, new CreateReplicaRequest(input.Service, id, offering, obs.SpecVersion), ActivityRetry.Options);
                        await context.CallActivityAsync(ControllerActivities.StartReplica, new ReplicaCommand(new ReplicaKey(input.Service, id), input.Options), ActivityRetry.Options);
                        break;
                    case TerminateDecision terminate:
                        await Signal(context, input, terminate.ReplicaId, ReplicaSignal.Terminate);
                        break;
                }
            }
        }

        // Replicas of a GPU type the service no longer offers (a spec update dropped it from any_of) belong to no group.
        foreach (var orphan in obs.Groups is null ? [] : obs.Replicas.Where(r => r.Counts && r.SpecVersion == obs.SpecVersion && !obs.Groups.Any(gr => gr.Holds(r))))
        {
            await Signal(context, input, orphan.Id, ReplicaSignal.Terminate);
        }

        foreach (var old in FleetMath.Retire(obs))
        {
            await Signal(context, input, old, ReplicaSignal.Drain);
        }

        await WaitAsync(context, input, input.Options.DecisionInterval);
        return Continue(context, input, decision.Memory with { LastDecision = obs.ObservedAt, Scale = obs.Scale });
    }

    private static async Task<bool> DeleteAsync(TaskOrchestrationContext context, ServiceControllerInput input, ServiceObservation obs)
    {
        var live = obs.Replicas.Where(r => !ReplicaStateMachine.IsTerminal(r.Status)).ToList();
        foreach (var r in live.Where(r => r.Status != ReplicaStatus.ShuttingDown))
        {
            await Signal(context, input, r.Id, ReplicaSignal.Terminate);
        }

        if (live.Count > 0)
        {
            await WaitAsync(context, input, input.Options.ProbeInterval);
            return false;
        }

        await context.CallActivityAsync(ControllerActivities.FinishService, input.Service, ActivityRetry.Options);
        return true;
    }

    private static Task Signal(TaskOrchestrationContext context, ServiceControllerInput input, string replicaId, ReplicaSignal signal) =>
        context.CallActivityAsync(ControllerActivities.SignalReplica, new ReplicaCommand(new ReplicaKey(input.Service, replicaId), input.Options, signal), ActivityRetry.Options);

    // Any signal (spec updated, deleted) just cuts the wait short: the next observation sees why.
    private static Task<ServiceSignal?> WaitAsync(TaskOrchestrationContext context, ServiceControllerInput input, TimeSpan interval) =>
        DurableWait.ForSignalAsync<ServiceSignal>(context, ServiceSignals.EventName, interval, input.Options);

    private static string Continue(TaskOrchestrationContext context, ServiceControllerInput input, ControllerMemory memory)
    {
        context.ContinueAsNew(input with { Iteration = input.Iteration + 1, Memory = memory });
        return "continued";
    }
}
