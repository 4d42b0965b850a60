using SkyHedge.Control.Clouds;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Timers;

/// <summary>
/// The watchdog timer's body: every active service has a running controller, and every tagged instance that no
/// live replica row claims is an orphan and is terminated (a leaked GPU costs money every hour). An instance is
/// only an orphan once it is older than <see cref="OrphanGrace"/>: a launch records its instance id a moment after
/// the cloud creates it.
/// </summary>
public sealed class Watchdog(IStateStore store, CloudProviders clouds, IOrchestrationGateway gateway, TimeProvider clock)
{
    /// <summary>The audit action of an orphan's termination.</summary>
    public const string OrphanTerminated = "orphan-terminated";

    public TimeSpan OrphanGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs once; returns what it did.</summary>
    public async Task<WatchdogReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = new List<string>();
        foreach (var service in await store.ListServicesAsync(cancellationToken))
        {
            if (!await gateway.IsControllerRunningAsync(service.Name, cancellationToken))
            {
                await gateway.StartControllerAsync(service.Name, cancellationToken);
                started.Add(service.Name);
            }
        }

        var rows = await store.ListAllReplicasAsync(cancellationToken);

        // A live row whose lifecycle orchestration ended (failed on a persistent error, or lost) would never move
        // again: restart it, and it picks up from the row.
        var restarted = new List<string>();
        foreach (var row in rows.Where(r => !ReplicaStateMachine.IsTerminal(r.Replica.Status)))
        {
            if (!await gateway.IsReplicaRunningAsync(row.Service, row.Id, cancellationToken))
            {
                await gateway.StartReplicaAsync(row.Service, row.Id, cancellationToken);
                restarted.Add(row.Id);
            }
        }

        var claimed = rows
            .Where(r => !ReplicaStateMachine.IsTerminal(r.Replica.Status))
            .Select(r => (r.Service, r.Id))
            .ToHashSet();
        var now = clock.GetUtcNow();
        var orphans = new List<string>();
        foreach (var cloud in clouds.All)
        {
            foreach (var instance in await cloud.ListAsync(null, cancellationToken))
            {
                if (!claimed.Contains((instance.Service, instance.ReplicaId)) && now - instance.LaunchedAt >= OrphanGrace)
                {
                    await cloud.TerminateAsync(instance.InstanceId, cancellationToken);
                    orphans.Add(instance.InstanceId);
                    await store.AppendEventAsync(
                        new ReplicaEvent(instance.Service, instance.ReplicaId, now, "watchdog", OrphanTerminated,
                            Reason: $"instance {instance.InstanceId} in {instance.Location} had no live replica row"),
                        cancellationToken);
                }
            }
        }

        return new WatchdogReport(started, orphans, restarted);
    }
}
