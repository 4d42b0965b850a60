using System.Security.Cryptography;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Controller;
using SkyHedge.Control.Lifecycle;
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

/// <summary>Starts the replica's lifecycle orchestration; its instance id comes from the replica id, so a second
/// start is a no-op.</summary>
[DurableTask(ControllerActivities.StartReplica)]
public sealed class StartReplicaActivity(DurableTaskClient client) : TaskActivity<ReplicaCommand, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = ReplicaSignals.InstanceId(input.Key.Service, input.Key.ReplicaId);
        if (await client.GetInstanceAsync(id) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ReplicaLifecycle), new ReplicaLifecycleInput(input.Key.Service, input.Key.ReplicaId, input.Options), new StartOrchestrationOptions(id));
            return true;
        }
        catch (Exception e) when (e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            // Lost a race with another start of the same replica: the orchestration runs, which is all we want.
            return false;
        }
    }
}

/// <summary>Sends a signal to a replica's orchestration; one that no longer runs is ignored.</summary>
[DurableTask(ControllerActivities.SignalReplica)]
public sealed class SignalReplicaActivity(DurableTaskClient client) : TaskActivity<ReplicaCommand, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReplicaCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = ReplicaSignals.InstanceId(input.Key.Service, input.Key.ReplicaId);
        var instance = await client.GetInstanceAsync(id);
        if (instance is null || instance.IsCompleted)
        {
            return false;
        }

        await client.RaiseEventAsync(id, ReplicaSignals.EventName, input.Signal);
        return true;
    }
}

/// <summary>Removes a deleted service's row once its replicas are gone.</summary>
[DurableTask(ControllerActivities.FinishService)]
public sealed class FinishServiceActivity(IStateStore store) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => store.DeleteServiceAsync(input);
}
