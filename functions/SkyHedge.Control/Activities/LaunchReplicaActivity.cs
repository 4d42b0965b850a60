using Microsoft.DurableTask;
using SkyHedge.Control.Clouds;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Control.Activities;

/// <summary>Launches the replica's instance. The idempotency token makes a retried or replayed launch return the
/// same instance. Typed cloud errors come back as data.</summary>
[DurableTask(ActivityNames.LaunchReplica)]
public sealed class LaunchReplicaActivity(IStateStore store, SpecCache specs, CloudProviders clouds) : TaskActivity<ReplicaKey, LaunchOutcome>
{
    public override async Task<LaunchOutcome> RunAsync(TaskActivityContext context, ReplicaKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await store.GetReplicaAsync(input.Service, input.ReplicaId)
            ?? throw new InvalidOperationException($"replica {input.ReplicaId} of {input.Service} has no row");
        var spec = await specs.ForAsync(input.Service, CancellationToken.None)
            ?? throw new InvalidOperationException($"service {input.Service} has no spec");
        var r = row.Replica;
        var offering = new Offering(r.InstanceType, r.Accelerator, 1, r.Location, r.Market, r.HourlyPrice);
        var request = new LaunchRequest(input.Service, r.Id, offering, spec, row.IdempotencyToken ?? $"{input.Service}-{r.Id}", row.ReplicaToken ?? "");
        try
        {
            var instance = await clouds.Get(r.Cloud).LaunchAsync(request, CancellationToken.None);
            await store.UpdateReplicaRecordAsync(input.Service, r.Id, x => x with { InstanceId = instance.InstanceId, Address = instance.Address ?? x.Address }, "replica-lifecycle");
            return new LaunchOutcome(instance.InstanceId, LaunchFailure.None, null, null);
        }
        catch (CloudException e)
        {
            var failure = e switch
            {
                InsufficientCapacityException => LaunchFailure.InsufficientCapacity,
                QuotaExceededException => LaunchFailure.QuotaExceeded,
                ThrottledException => LaunchFailure.Throttled,
                UnauthorizedException => LaunchFailure.Unauthorized,
                _ => LaunchFailure.InvalidSpec,
            };
            if (e is ThrottledException throttled)
            {
                ControlMetrics.CloudThrottled.Add(1, new("cloud", r.Cloud), new("operation", "launch"));
                if (throttled.RetryAfter is { } hint)
                {
                    ControlMetrics.CloudThrottleBackoff.Record(hint.TotalSeconds, new KeyValuePair<string, object?>("cloud", r.Cloud));
                }
            }

            return new LaunchOutcome(null, failure, e.Message, (e as ThrottledException)?.RetryAfter?.TotalSeconds);
        }
    }
}
