using Microsoft.DurableTask;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Activities;

/// <summary>Terminates every instance of the replica: the one on its row and any the cloud tagged with its id (a
/// launch that succeeded just before a crash leaves an instance the row does not name yet). Idempotent.</summary>
[DurableTask(ActivityNames.TerminateInstance)]
public sealed class TerminateInstanceActivity(IStateStore store, CloudProviders clouds) : TaskActivity<ReplicaKey, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Service, input.ReplicaId);
        if (row is null)
        {
            return false;
        }

        var cloud = clouds.Get(row.Replica.Cloud);
        var ids = (await cloud.ListAsync(input.Service, CancellationToken.None))
            .Where(i => i.ReplicaId == input.ReplicaId)
            .Select(i => i.InstanceId)
            .ToHashSet(StringComparer.Ordinal);
        if (row.InstanceId is not null)
        {
            ids.Add(row.InstanceId);
        }

        foreach (var id in ids)
        {
            await cloud.TerminateAsync(id, CancellationToken.None);
        }

        return ids.Count > 0;
    }
}
