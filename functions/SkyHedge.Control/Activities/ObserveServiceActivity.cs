using Microsoft.DurableTask;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Controller;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Activities;

/// <summary>Gathers a controller's observation: the spec, the replica rows, the losses since the previous
/// decision, the offerings of every configured cloud for the spec's candidates, and the replica target (for an
/// autoscaling spec, decided here from the router's request counts by <see cref="ScaleMath"/>, so the orchestrator
/// only carries its state).</summary>
[DurableTask(ControllerActivities.ObserveService)]
public sealed class ObserveServiceActivity(IStateStore store, SpecCache specs, CloudProviders clouds, TimeProvider clock)
    : TaskActivity<ObserveRequest, ServiceObservation>
{
    public override async Task<ServiceObservation> RunAsync(TaskActivityContext context, ObserveRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        var service = await store.GetServiceAsync(input.Service);
        if (service is null)
        {
            return ServiceObservation.Gone(now);
        }

        var spec = specs.Parse(service);
        var rows = await store.ListReplicasAsync(input.Service);
        var replicas = rows
            .Select(r => new FleetReplica(r.Id, r.Replica.Market == Market.Spot ? Key(r.Replica.Location) : null, r.Replica.Market, r.Replica.LaunchTime ?? now, r.Replica.Status, r.SpecVersion))
            .ToList();
        var since = input.Since ?? DateTimeOffset.MinValue;
        var losses = rows
            .Where(r => r.Replica.Market == Market.Spot && r.Replica.EndTime > since
                && r.Replica.Status is ReplicaStatus.Preempted or ReplicaStatus.FailedProvision)
            .Select(r => new ReplicaLoss(Key(r.Replica.Location), r.Replica.Status == ReplicaStatus.FailedProvision))
            .ToList();

        var offerings = new List<Offering>();
        foreach (var candidate in spec.Resources.Candidates())
        {
            foreach (var cloud in clouds.All)
            {
                offerings.AddRange(await cloud.GetOfferingsAsync(candidate, CancellationToken.None));
            }
        }

        var zones = offerings
            .Where(o => o.Market == Market.Spot)
            .GroupBy(o => Key(o.Location))
            .Select(g => new ZoneOffer(g.Key, g.OrderBy(o => o.HourlyPrice).First()))
            .OrderBy(z => z.Key, StringComparer.Ordinal)
            .ToList();
        var onDemand = offerings.Where(o => o.Market == Market.OnDemand).OrderBy(o => o.HourlyPrice).FirstOrDefault();
        var policy = spec.Service.ReplicaPolicy;
        var scale = ScaleMath.Decide(policy, input.Scale, await RequestsAsync(input.Service, policy, now), now);
        return new ServiceObservation(
            true,
            service.Status == ServiceStatus.ShuttingDown,
            service.Version,
            scale.Target,
            policy,
            spec.Resources.UseSpot,
            zones,
            onDemand,
            replicas,
            losses,
            now,
            scale);
    }

    /// <summary>Requests in the autoscaler's window; not read for a fixed-size spec, which ignores them.</summary>
    private async Task<long> RequestsAsync(string service, ReplicaPolicySpec policy, DateTimeOffset now)
    {
        if (policy.TargetQpsPerReplica is null)
        {
            return 0;
        }

        // Until the next bucket, so the current (partial) one is included.
        var window = ScaleMath.Window(policy);
        var counts = await store.GetRequestCountsAsync(service, now - window, now + RequestCount.BucketLength);
        return ScaleMath.RequestsInWindow(counts, now, window);
    }

    internal static string Key(Location location) => location.ToString();
}
