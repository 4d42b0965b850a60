using Microsoft.DurableTask;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Probing;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Control.Activities;

/// <summary>One look at the replica: its instance as the cloud reports it (keeping the row's address current) and,
/// when it runs, its readiness probe with the replica's own token.</summary>
[DurableTask(ActivityNames.ObserveReplica)]
public sealed class ObserveReplicaActivity(IStateStore store, SpecCache specs, CloudProviders clouds, ReadinessProber prober) : TaskActivity<ReplicaKey, ReplicaHealth>
{
    public override async Task<ReplicaHealth> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Service, input.ReplicaId);
        if (row?.InstanceId is null)
        {
            return new ReplicaHealth(new InstanceCheck(null, false), null);
        }

        var instance = await clouds.Get(row.Replica.Cloud).GetAsync(row.InstanceId, CancellationToken.None);
        var check = new InstanceCheck(instance?.State, instance?.InterruptionNoticeAt is not null);
        if (instance?.State != InstanceState.Running)
        {
            return new ReplicaHealth(check, null);
        }

        var address = instance.Address ?? row.Address;
        if (address is not null && address != row.Address)
        {
            await store.UpdateReplicaRecordAsync(input.Service, input.ReplicaId, x => x with { Address = address }, "replica-lifecycle");
        }

        var spec = await specs.ForAsync(input.Service, CancellationToken.None);
        var probe = address is null || spec is null
            ? new ProbeResult(false, null, "no address yet")
            : await prober.ProbeAsync(address, spec.Service.ReadinessProbe, row.ReplicaToken, CancellationToken.None);
        return new ReplicaHealth(check, probe);
    }
}
