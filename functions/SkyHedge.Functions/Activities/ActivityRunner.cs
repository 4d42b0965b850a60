using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace SkyHedge.Functions.Activities;

/// <summary>Runs a SkyHedge.Control activity class inside an activity trigger, built the way the Durable Task worker
/// builds it (a fresh instance per call, dependencies from the invocation's container), so the class behaves the
/// same here and in the local host.</summary>
internal static class ActivityRunner
{
    /// <param name="extra">Dependencies the container cannot supply: the bound <c>DurableTaskClient</c>, which the
    /// Functions extension hands out per invocation rather than registering it.</param>
    public static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(
        FunctionContext function, string name, string instanceId, TInput input, params object[] extra)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(function);
        var activity = ActivatorUtilities.CreateInstance<TActivity>(function.InstanceServices, extra);
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }
}
