using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Clouds.Fake;
using SkyHedge.Control.Keys;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using SkyHedge.Functions.Hosting;
using SkyHedge.Functions.Tests.Fakes;
using SkyHedge.Functions.Timers;
using SkyHedge.Testing;

namespace SkyHedge.Functions.Tests;

/// <summary>The timer functions' bodies, built from the app's own registrations (as the host builds them), with the
/// store, the cloud and the engine faked. The Control tests cover the watchdog and poller logic itself; these
/// check the wiring and what the functions log.</summary>
public sealed class TimerFunctionTests
{
    private const string Yaml = "name: llm\nresources:\n  accelerators: A10G:1\n  use_spot: true\n";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeCloud _cloud;
    private readonly FakeCloudProvider _aws;
    private readonly IStateStore _store;
    private readonly StateStoreStub _stub;
    private readonly RecordingGateway _gateway = new();

    public TimerFunctionTests()
    {
        _cloud = FakeCloud.InMemory(_clock);
        _aws = new FakeCloudProvider(_cloud, "aws");
        (_store, _stub) = StateStoreStub.Create();
    }

    [Fact]
    public async Task WatchdogStartsMissingControllersAndTerminatesAndLogsOrphans()
    {
        _stub.Services.Add(new ServiceRecord("llm", Yaml, 1, ServiceStatus.Active, _clock.GetUtcNow(), _clock.GetUtcNow()));
        var owned = await _aws.LaunchAsync(Request("r1"), default);
        var orphan = await _aws.LaunchAsync(Request("ghost"), default);
        _stub.Replicas.Add(Row("r1", owned.InstanceId));
        _clock.Advance(TimeSpan.FromMinutes(3)); // past the orphan grace period
        var (services, logger) = Build<WatchdogFunction>();

        var report = await ActivatorUtilities.CreateInstance<WatchdogFunction>(services).RunAsync(_gateway, default);

        Assert.Equal(["llm"], report.StartedControllers);
        Assert.Equal([orphan.InstanceId], report.TerminatedOrphans);
        Assert.Equal([owned.InstanceId], _cloud.LiveInstances("llm").Select(i => i.InstanceId));
        Assert.Contains(_stub.Events, e => e.ReplicaId == "ghost" && e.Action == Control.Timers.Watchdog.OrphanTerminated);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(orphan.InstanceId, StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("llm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PreemptionPollerSignalsPreemptedReplicas()
    {
        var a = await _aws.LaunchAsync(Request("a"), default);
        var b = await _aws.LaunchAsync(Request("b"), default);
        _stub.Replicas.Add(Row("a", a.InstanceId));
        _stub.Replicas.Add(Row("b", b.InstanceId));
        _cloud.Preempt(a.InstanceId);
        var (services, logger) = Build<PreemptionPollerFunction>();

        var signalled = await ActivatorUtilities.CreateInstance<PreemptionPollerFunction>(services).RunAsync(_gateway, default);

        Assert.Equal(1, signalled);
        Assert.Equal([("llm", "a", ReplicaSignal.Preempted)], _gateway.ReplicaSignals);
        Assert.Contains(logger.Entries, e => e.Message.Contains("signalled 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithNoCloudConfiguredTheTimersOnlyTendControllers()
    {
        // The app registers no cloud yet: the sweep and the poller must then do nothing rather than fail.
        _stub.Services.Add(new ServiceRecord("llm", Yaml, 1, ServiceStatus.Active, _clock.GetUtcNow(), _clock.GetUtcNow()));
        var (services, _) = Build<WatchdogFunction>(withCloud: false);

        var report = await ActivatorUtilities.CreateInstance<WatchdogFunction>(services).RunAsync(_gateway, default);
        var signalled = await ActivatorUtilities.CreateInstance<PreemptionPollerFunction>(services).RunAsync(_gateway, default);

        Assert.Equal(["llm"], report.StartedControllers);
        Assert.Empty(report.TerminatedOrphans);
        Assert.Equal(0, signalled);
    }

    [Fact]
    public async Task AwsNoticesRelaysEventBridgeWarningsFromSqsToTheReplicaOnThatInstance()
    {
        await using var sqs = await SqsFake.StartAsync();
        _stub.Replicas.Add(Row("a", "us-east-2/i-0aaa") with { ReplicaToken = "token-a" });
        _stub.Replicas.Add(Row("b", "us-east-2/i-0bbb") with { ReplicaToken = "token-b" });
        sqs.Send(Ec2Event("EC2 Spot Instance Interruption Warning", "i-0bbb", """, "instance-action": "terminate" """));
        sqs.Send(Ec2Event("EC2 Instance Rebalance Recommendation", "i-0aaa", string.Empty));
        sqs.Send(Ec2Event("EC2 Spot Instance Interruption Warning", "i-0zzz", """, "instance-action": "terminate" """));
        using var channel = new AwsNoticeChannel(SqsFake.QueueUrl, new Amazon.Runtime.BasicAWSCredentials("AKIDFAKE", "fake"), sqs.Url);
        var (services, logger) = Build<AwsNoticesFunction>(channel: channel);

        var report = await ActivatorUtilities.CreateInstance<AwsNoticesFunction>(services).RunAsync(_gateway, default);

        Assert.Equal(3, report!.Taken);
        Assert.Empty(sqs.Bodies);
        Assert.Equal([("llm", "b", ReplicaSignal.InterruptionNotice)], _gateway.ReplicaSignals);
        Assert.Contains(_stub.Events, e => (e.ReplicaId, e.Actor, e.Action, e.Reason) == ("b", "eventbridge", "interruption-notice", "terminate"));
        Assert.Contains(_stub.Events, e => (e.ReplicaId, e.Actor, e.Action) == ("a", "eventbridge", "rebalance-recommendation"));
        Assert.Contains(logger.Entries, e => e.Message.Contains("us-east-2/i-0zzz", StringComparison.Ordinal) && e.Message.Contains("NotOurs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AwsNoticesDoesNothingWithoutAQueue()
    {
        var (services, _) = Build<AwsNoticesFunction>();
        Assert.Null(await ActivatorUtilities.CreateInstance<AwsNoticesFunction>(services).RunAsync(_gateway, default));
    }

    private static string Ec2Event(string type, string instance, string extra) => $$$"""
        {"version": "0", "id": "{{{Guid.NewGuid()}}}", "detail-type": "{{{type}}}", "source": "aws.ec2", "account": "123456789012",
         "time": "2026-11-28T10:00:00Z", "region": "us-east-2", "resources": [], "detail": {"instance-id": "{{{instance}}}"{{{extra}}}}}
        """;

    private (ServiceProvider Services, ListLogger<T> Logger) Build<T>(bool withCloud = true, AwsNoticeChannel? channel = null)
        where T : class
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        if (withCloud)
        {
            services.AddSingleton<ICloudProvider>(_aws);
        }

        services.AddSkyHedgeFunctions(new ConfigurationBuilder().Build());
        services.AddSingleton(_store); // after the app's registration: the last one wins
        services.AddSingleton(UnusedService.Of<IKeyStore>()); // notices authenticate with replica tokens
        if (channel is not null)
        {
            services.AddSingleton(channel);
        }

        services.AddLogging();
        var logger = new ListLogger<T>();
        services.AddSingleton<ILogger<T>>(logger);
        return (services.BuildServiceProvider(), logger);
    }

    private static LaunchRequest Request(string replica) =>
        new("llm", replica, new Offering("fake.gpu", "A10G", 1, new Location("aws", "aws-region-1", "aws-zone-a"), Market.Spot, 1m),
            ServiceSpecParser.Parse(Yaml, "llm.yaml"), $"llm-{replica}", "token");

    private static ReplicaRecord Row(string id, string instanceId) =>
        new(new Replica(id, "llm", "aws", "aws-region-1", "aws-zone-a", "fake.gpu", "A10G", Market.Spot, 1m, ReplicaStatus.Ready), 1, InstanceId: instanceId);
}
