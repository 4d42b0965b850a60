using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Activities;
using SkyHedge.Control.Controller;

namespace SkyHedge.Functions.Activities;

/// <summary>Activity triggers of <see cref="ServiceController"/>: each named as the orchestrator calls it
/// (<see cref="ControllerActivities"/>) and each a wrapper over its SkyHedge.Control class. The two that start or
/// signal orchestrations get the client from a <c>[DurableClient]</c> binding: the isolated worker does not put a
/// <see cref="DurableTaskClient"/> in the container.</summary>
internal static class ControllerActivityFunctions
{
    [Function(ControllerActivities.ObserveService)]
    public static Task<ServiceObservation> ObserveService([ActivityTrigger] ObserveRequest input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ObserveServiceActivity, ObserveRequest, ServiceObservation>(function, ControllerActivities.ObserveService, instanceId, input);

    [Function(ControllerActivities.DecideFleet)]
    public static Task<FleetDecision> DecideFleet([ActivityTrigger] DecideRequest input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<DecideFleetActivity, DecideRequest, FleetDecision>(function, ControllerActivities.DecideFleet, instanceId, input);

    [Function(ControllerActivities.CreateReplica)]
    public static Task<bool> CreateReplica([ActivityTrigger] CreateReplicaRequest input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CreateReplicaActivity, CreateReplicaRequest, bool>(function, ControllerActivities.CreateReplica, instanceId, input);

    [Function(ControllerActivities.StartReplica)]
    public static Task<bool> StartReplica(
        [ActivityTrigger] ReplicaCommand input, [DurableClient] DurableTaskClient client, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<StartReplicaActivity, ReplicaCommand, bool>(function, ControllerActivities.StartReplica, instanceId, input, client);

    [Function(ControllerActivities.SignalReplica)]
    public static Task<bool> SignalReplica(
        [ActivityTrigger] ReplicaCommand input, [DurableClient] DurableTaskClient client, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SignalReplicaActivity, ReplicaCommand, bool>(function, ControllerActivities.SignalReplica, instanceId, input, client);

    [Function(ControllerActivities.FinishService)]
    public static Task<bool> FinishService([ActivityTrigger] string input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<FinishServiceActivity, string, bool>(function, ControllerActivities.FinishService, instanceId, input);
}
