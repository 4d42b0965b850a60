using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkyHedge.Control.Activities;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Probing;
using SkyHedge.Control.Router;
using SkyHedge.Control.Timers;

namespace SkyHedge.Control;

/// <summary>Wires the control plane into a host: the same registrations for the Functions app and the local
/// host.</summary>
public static class ControlPlane
{
    /// <summary>Registers every orchestrator and activity.</summary>
    public static void AddTasks(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<ServiceController>();
        registry.AddOrchestrator<ReplicaLifecycle>();
        registry.AddActivity<LoadReplicaActivity>();
        registry.AddActivity<TransitionReplicaActivity>();
        registry.AddActivity<LaunchReplicaActivity>();
        registry.AddActivity<ObserveReplicaActivity>();
        registry.AddActivity<TerminateInstanceActivity>();
        registry.AddActivity<ObserveServiceActivity>();
        registry.AddActivity<DecideFleetActivity>();
        registry.AddActivity<CreateReplicaActivity>();
        registry.AddActivity<StartReplicaActivity>();
        registry.AddActivity<SignalReplicaActivity>();
        registry.AddActivity<FinishServiceActivity>();
    }

    /// <summary>Registers what the activities use. The caller registers the <see cref="State.IStateStore"/> and the
    /// <see cref="Core.Ports.ICloudProvider"/>s, and the router push when there is a router
    /// (<see cref="RouterNotifierRegistration.AddRouterNotifier(IServiceCollection, RouterNotifierOptions)"/>;
    /// without it replica changes reach the router only through its poll).</summary>
    public static IServiceCollection AddControlPlaneServices(this IServiceCollection services)
    {
        services.TryAddSingleton<SpecCache>();
        services.TryAddSingleton(sp => new CloudProviders(sp.GetServices<Core.Ports.ICloudProvider>()));
        services.TryAddSingleton(_ => new ReadinessProber(new HttpClient()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ControlOptions());
        services.TryAddSingleton<IOrchestrationGateway, DurableGateway>();
        services.TryAddSingleton<Watchdog>();
        services.TryAddSingleton<PreemptionPoller>();
        services.TryAddSingleton<IRouterNotifier>(NoRouterNotifier.Instance);
        return services;
    }
}
