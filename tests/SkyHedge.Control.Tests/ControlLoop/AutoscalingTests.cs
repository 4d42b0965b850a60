using System.Text.Json;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Tests.Router;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;
using static SkyHedge.Control.Tests.ControlLoop.ControlLoopHarness;

namespace SkyHedge.Control.Tests.ControlLoop;

/// <summary>The controller's target follows the router's request counts, end to end; and the local host pushes
/// the resulting replica transitions to a router.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AutoscalingTests(AzuriteFixture azurite)
{
    private const string Spec = """
        name: chat
        resources:
          accelerators: A10G:1
          any_of:
            - cloud: aws
        service:
          readiness_probe:
            path: /health
            initial_delay_seconds: 60
          replica_policy:
            min_replicas: 0
            max_replicas: 2
            target_qps_per_replica: 1
        """;

    [Fact]
    public async Task A_service_at_zero_launches_a_replica_once_requests_are_counted_and_the_router_hears_it_is_ready()
    {
        await using var router = await RecordingRouter.StartAsync();
        await using var h = await StartAsync(azurite, router.Url);
        await h.StartServiceAsync("chat", Spec);

        // Idle: several decisions go by without a launch.
        await WaitForIterationAsync(h, 3);
        Assert.Empty(await h.Store.ListReplicasAsync("chat"));

        await h.Store.IncrementRequestCountAsync("chat", DateTimeOffset.UtcNow, 3);

        var rows = await h.WaitForAsync("chat", rs => rs.Count(r => r.Replica.Status == ReplicaStatus.Ready) == 1, "one ready replica");
        var ready = Assert.Single(rows);
        Assert.Equal(Market.OnDemand, ready.Replica.Market);

        // Every transition the lifecycle wrote was pushed, in order, with the key, through the local host's wiring.
        var pushes = router.Requests.ToList();
        Assert.All(pushes, p => Assert.Equal(("/internal/replicas/changed", $"Bearer {RouterKey}"), (p.Path, p.Authorization)));
        var statuses = pushes.Select(p => JsonDocument.Parse(p.Body).RootElement)
            .Where(b => b.GetProperty("replica").GetString() == ready.Id && b.GetProperty("service").GetString() == "chat")
            .Select(b => b.GetProperty("status").GetString())
            .ToList();
        Assert.Equal(["Provisioning", "Starting", "Ready"], statuses);
    }

    private static async Task WaitForIterationAsync(ControlLoopHarness h, int iteration)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var controller = await h.Host.Client.GetInstanceAsync(ReplicaSignals.ControllerId("chat"), getInputsAndOutputs: true);
            if (controller?.SerializedInput is { } input
                && JsonDocument.Parse(input).RootElement.EnumerateObject().FirstOrDefault(p => p.NameEquals("Iteration") || p.NameEquals("iteration")) is { Value.ValueKind: JsonValueKind.Number } p
                && p.Value.GetInt32() >= iteration)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the controller did not reach iteration {iteration}");
    }
}
