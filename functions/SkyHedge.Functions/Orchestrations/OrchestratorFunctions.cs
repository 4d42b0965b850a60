using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Core.Model;

namespace SkyHedge.Functions.Orchestrations;

/// <summary>
/// Orchestrator triggers. The orchestrators are class-based and live in SkyHedge.Control (shared with the local
/// host), where the Durable source generator cannot see them, so each gets a one-line wrapper here. The function
/// name is the orchestrator's class name: the name every caller schedules. Orchestrators are stateless (all state
/// is in the context and input), so a new instance per replay is as cheap as it is correct.
/// </summary>
internal static class OrchestratorFunctions
{
    [Function(nameof(ServiceController))]
    public static Task<string> RunServiceController([OrchestrationTrigger] TaskOrchestrationContext context, ServiceControllerInput input) =>
        new ServiceController().RunAsync(context, input);

    [Function(nameof(ReplicaLifecycle))]
    public static Task<ReplicaStatus> RunReplicaLifecycle([OrchestrationTrigger] TaskOrchestrationContext context, ReplicaLifecycleInput input) =>
        new ReplicaLifecycle().RunAsync(context, input);
}
