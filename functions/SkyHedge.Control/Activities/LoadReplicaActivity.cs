using Microsoft.DurableTask;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Activities;

/// <summary>Reads a replica's row for its orchestration.</summary>
[DurableTask(ActivityNames.LoadReplica)]
public sealed class LoadReplicaActivity(IStateStore store, SpecCache specs) : TaskActivity<ReplicaKey, ReplicaProgress>
{
    public override async Task<ReplicaProgress> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await ProgressAsync(await store.GetReplicaAsync(input.Service, input.ReplicaId), input.Service, specs);
    }

    internal static async Task<ReplicaProgress> ProgressAsync(ReplicaRecord? row, string service, SpecCache specs)
    {
        if (row is null)
        {
            return new ReplicaProgress(false, ReplicaStatus.Terminated, null, 0);
        }

        var spec = await specs.ForAsync(service, CancellationToken.None);
        var delay = spec?.Service.ReadinessProbe.InitialDelaySeconds ?? Core.Spec.SpecDefaults.InitialDelaySeconds;
        var noticed = row.Replica.Status == ReplicaStatus.Draining && row.Replica.Reason == ReplicaProgress.NoticeReason;
        return new ReplicaProgress(true, row.Replica.Status, row.Replica.LaunchTime, delay, noticed);
    }
}
