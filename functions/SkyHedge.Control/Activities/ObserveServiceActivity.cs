using Microsoft.DurableTask;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
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
        var offerings = new List<Offering>();
        foreach (var candidate in spec.Resources.Candidates())
        {
            foreach (var cloud in clouds.All)
            {
                offerings.AddRange(await cloud.GetOfferingsAsync(candidate, CancellationToken.None));
            }
        }

        // A mix: with an SLO over two or more GPU types is planned per type; spot zones are then (location, GPU).
        var gpuTypes = offerings.Select(o => o.Accelerator).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var mixed = spec.Mix?.TpotSloMs is not null && gpuTypes.Count >= 2;
        string ZoneKey(Location location, string accelerator) => mixed ? $"{Key(location)}#{accelerator}" : Key(location);

        var replicas = rows
            .Select(r => new FleetReplica(
                r.Id, r.Replica.Market == Market.Spot ? ZoneKey(r.Replica.Location, r.Replica.Accelerator) : null, r.Replica.Market, r.Replica.LaunchTime ?? now, r.Replica.Status, r.SpecVersion, r.Replica.Accelerator,
                r.Replica.Status == ReplicaStatus.Draining && r.Replica.Reason == ReplicaProgress.NoticeReason))
            .ToList();

        // Losses that ended in (previous decision, now]: each is counted by exactly one decision (a later end waits
        // for the next one, which starts its interval at this now).
        var since = input.Since ?? DateTimeOffset.MinValue;
        bool Ended(ReplicaRecord r) => r.Replica.EndTime > since && r.Replica.EndTime <= now;
        var losses = rows
            .Where(r => r.Replica.Market == Market.Spot && Ended(r)
                && r.Replica.Status is ReplicaStatus.Preempted or ReplicaStatus.FailedProvision)
            .Select(r => new ReplicaLoss(ZoneKey(r.Replica.Location, r.Replica.Accelerator), r.Replica.Status == ReplicaStatus.FailedProvision))
            .ToList();

        var zones = offerings
            .Where(o => o.Market == Market.Spot)
            .GroupBy(o => ZoneKey(o.Location, o.Accelerator))
            .Select(g => new ZoneOffer(g.Key, g.OrderBy(o => o.HourlyPrice).First()))
            .OrderBy(z => z.Key, StringComparer.Ordinal)
            .ToList();
        var onDemand = offerings.Where(o => o.Market == Market.OnDemand).OrderBy(o => o.HourlyPrice).FirstOrDefault();
        var policy = spec.Service.ReplicaPolicy;
        var requests = await RequestsAsync(input.Service, policy, now, mixed);
        var scale = ScaleMath.Decide(policy, input.Scale, requests.Total, now);
        IReadOnlyList<GpuGroup>? groups = null;
        MixInput? mix = null;
        if (mixed)
        {
            groups = [.. gpuTypes.Select(gpu => new GpuGroup(
                gpu,
                [.. zones.Select((z, i) => (z, i)).Where(p => string.Equals(p.z.Offering.Accelerator, gpu, StringComparison.OrdinalIgnoreCase)).Select(p => p.i)],
                offerings.Where(o => o.Market == Market.OnDemand && string.Equals(o.Accelerator, gpu, StringComparison.OrdinalIgnoreCase)).OrderBy(o => o.HourlyPrice).FirstOrDefault()))];
            // A refused spot launch says one zone is out; the placer moves on and falls back to on-demand. A refused
            // on-demand launch (or a spot one for a type with no on-demand offering) says the type itself is out.
            var noOnDemand = groups.Where(g => g.OnDemand is null).Select(g => g.Gpu!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var failed = rows
                .Where(r => Ended(r) && r.Replica.Status == ReplicaStatus.FailedProvision
                    && (r.Replica.Market == Market.OnDemand || noOnDemand.Contains(r.Replica.Accelerator)))
                .GroupBy(r => r.Replica.Accelerator, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            mix = new MixInput(
                spec.Mix!.TpotSloMs!.Value, spec.Mix.TtftSloMs, spec.Mix.SliceFactor, requests.Total / ScaleMath.Window(policy).TotalSeconds, requests.Sizes, failed);
        }

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
            scale,
            groups,
            mix,
            service.Routing);
    }

    /// <summary>Requests in the autoscaler's window, with their size histogram; not read for a fixed-size spec that
    /// is not a mix, which ignores them.</summary>
    private async Task<(long Total, IReadOnlyDictionary<int, long> Sizes)> RequestsAsync(string service, ReplicaPolicySpec policy, DateTimeOffset now, bool mixed)
    {
        if (policy.TargetQpsPerReplica is null && !mixed)
        {
            return (0, new Dictionary<int, long>());
        }

        // Until the next bucket, so the current (partial) one is included.
        var window = ScaleMath.Window(policy);
        var counts = await store.GetRequestCountsAsync(service, now - window, now + RequestCount.BucketLength);
        var sizes = new Dictionary<int, long>();
        foreach (var (cell, n) in counts.Where(c => c.BucketStart + RequestCount.BucketLength > now - window).SelectMany(c => c.Sizes ?? new Dictionary<int, long>()))
        {
            sizes[cell] = sizes.GetValueOrDefault(cell) + n;
        }

        return (ScaleMath.RequestsInWindow(counts, now, window), sizes);
    }

    internal static string Key(Location location) => location.ToString();
}
