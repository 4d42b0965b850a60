using SkyHedge.Control.Clouds;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Control.Timers;

/// <summary>
/// The preemption poller timer's body: lists the tagged instances of every configured cloud once and tells each
/// live replica whose instance was preempted, or got an interruption notice, so it reacts before its own next
/// probe. Cheap: one list call per cloud, whatever the number of replicas.
/// </summary>
public sealed class PreemptionPoller(IStateStore store, CloudProviders clouds, IOrchestrationGateway gateway)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var live = (await store.ListAllReplicasAsync(cancellationToken))
            .Where(r => r.InstanceId is not null && !ReplicaStateMachine.IsTerminal(r.Replica.Status))
            .ToDictionary(r => r.InstanceId!, StringComparer.Ordinal);
        var signalled = 0;
        foreach (var cloud in clouds.All)
        {
            foreach (var instance in await cloud.ListAsync(null, cancellationToken))
            {
                if (!live.TryGetValue(instance.InstanceId, out var row))
                {
                    continue;
                }

                ReplicaSignal? signal = instance.State == InstanceState.Preempted ? ReplicaSignal.Preempted
                    : instance.InterruptionNoticeAt is not null && row.Replica.Status is ReplicaStatus.Ready or ReplicaStatus.NotReady ? ReplicaSignal.InterruptionNotice
                    : null;
                if (signal is { } s)
                {
                    await gateway.SignalReplicaAsync(row.Service, row.Id, s, cancellationToken);
                    signalled++;
                }
            }
        }

        return signalled;
    }
}
