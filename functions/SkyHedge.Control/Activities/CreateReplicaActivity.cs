using System.Security.Cryptography;
using Microsoft.DurableTask;
using SkyHedge.Control.Controller;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Activities;

/// <summary>Inserts a Pending replica row with a fresh replica token. Idempotent: a row that exists is kept.</summary>
[DurableTask(ControllerActivities.CreateReplica)]
public sealed class CreateReplicaActivity(IStateStore store) : TaskActivity<CreateReplicaRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CreateReplicaRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = input.Offering;
        var replica = new Replica(input.ReplicaId, input.Service, o.Location.Cloud, o.Location.Region, o.Location.Zone, o.InstanceType, o.Accelerator, o.Market, o.HourlyPrice, ReplicaStatus.Pending);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        try
        {
            await store.AddReplicaAsync(new ReplicaRecord(replica, input.SpecVersion, ReplicaToken: token, IdempotencyToken: $"{input.Service}-{input.ReplicaId}"), "service-controller");
            return true;
        }
        catch (StateAlreadyExistsException)
        {
            return false;
        }
    }
}
