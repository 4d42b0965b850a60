using Microsoft.Azure.Functions.Worker;
using SkyHedge.Control.Activities;
using SkyHedge.Control.Lifecycle;

namespace SkyHedge.Functions.Activities;

/// <summary>Activity triggers of <see cref="ReplicaLifecycle"/>: each named as the orchestrator calls it
/// (<see cref="ActivityNames"/>) and each a wrapper over its SkyHedge.Control class.</summary>
internal static class LifecycleActivityFunctions
{
    [Function(ActivityNames.LoadReplica)]
    public static Task<ReplicaProgress> LoadReplica([ActivityTrigger] ReplicaKey input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<LoadReplicaActivity, ReplicaKey, ReplicaProgress>(function, ActivityNames.LoadReplica, instanceId, input);

    [Function(ActivityNames.TransitionReplica)]
    public static Task<ReplicaProgress> TransitionReplica([ActivityTrigger] TransitionRequest input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<TransitionReplicaActivity, TransitionRequest, ReplicaProgress>(function, ActivityNames.TransitionReplica, instanceId, input);

    [Function(ActivityNames.LaunchReplica)]
    public static Task<LaunchOutcome> LaunchReplica([ActivityTrigger] ReplicaKey input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<LaunchReplicaActivity, ReplicaKey, LaunchOutcome>(function, ActivityNames.LaunchReplica, instanceId, input);

    [Function(ActivityNames.ObserveReplica)]
    public static Task<ReplicaHealth> ObserveReplica([ActivityTrigger] ReplicaKey input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ObserveReplicaActivity, ReplicaKey, ReplicaHealth>(function, ActivityNames.ObserveReplica, instanceId, input);

    [Function(ActivityNames.TerminateInstance)]
    public static Task<bool> TerminateInstance([ActivityTrigger] ReplicaKey input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<TerminateInstanceActivity, ReplicaKey, bool>(function, ActivityNames.TerminateInstance, instanceId, input);
}
