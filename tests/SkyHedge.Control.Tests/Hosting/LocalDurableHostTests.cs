using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.Control.Lifecycle;
using SkyHedge.Control.Tests.State;
using SkyHedge.LocalHost;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class LocalDurableHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunsAnOrchestrationWithActivitiesInMemory()
    {
        await using var host = await LocalDurableHost.StartAsync(new LocalDurableHostOptions(), r =>
        {
            r.AddOrchestrator<Doubler>();
            r.AddActivity<Twice>();
        });

        Assert.Equal("127.0.0.1", host.Address.Host);
        Assert.NotEqual(0, host.Address.Port);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Doubler), 21);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(42, done.ReadOutputAs<int>());
    }

    /// <summary>A lifecycle's probe loop (a <see cref="DurableWait"/> for a signal, then an activity): every wait
    /// lasts at least its interval on both backends. Azure Storage truncates a timer's queue delay to whole seconds,
    /// so an unpadded sub-second wait fires at once and the loop spins (the local stack's did, fifty probes a second
    /// per replica, and pinned Azurite); the default padding is what prevents it.</summary>
    [Theory]
    [InlineData(DurableBackend.InMemory, 0)]
    [InlineData(DurableBackend.AzureStorage, 1000)]
    public async Task Waits_in_a_probe_loop_last_their_interval(DurableBackend backend, int paddingMs)
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new ControlOptions().TimerPadding);
        await using var host = await LocalDurableHost.StartAsync(Options(backend), r =>
        {
            r.AddOrchestrator<Prober>();
            r.AddActivity<Twice>();
        });
        var clock = Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Prober), new ControlOptions { TimerPadding = TimeSpan.FromMilliseconds(paddingMs) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(clock.Elapsed >= Prober.Loops * Prober.Interval, $"{Prober.Loops} waits of {Prober.Interval.TotalMilliseconds} ms took {clock.ElapsedMilliseconds} ms");
        var seen = done.ReadOutputAs<DateTime[]>()!;
        Assert.Equal(Prober.Loops + 1, seen.Length);
        Assert.True(seen[^1] - seen[0] >= Prober.Loops * Prober.Interval, $"the orchestration clock moved {(seen[^1] - seen[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Ten_waits_with_ContinueAsNew_each_last_their_interval()
    {
        await using var host = await LocalDurableHost.StartAsync(new LocalDurableHostOptions(), r => r.AddOrchestrator<Ticker>());
        var clock = Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Ticker), 10);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(10 * 200), TimeSpan.FromSeconds(30));
    }

    private LocalDurableHostOptions Options(DurableBackend backend) => backend == DurableBackend.InMemory
        ? new LocalDurableHostOptions()
        : new LocalDurableHostOptions
        {
            Backend = DurableBackend.AzureStorage,
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = "hub" + Guid.NewGuid().ToString("N")[..12],
        };

    internal sealed class Prober : TaskOrchestrator<ControlOptions, DateTime[]>
    {
        public const int Loops = 6;

        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

        public override async Task<DateTime[]> RunAsync(TaskOrchestrationContext context, ControlOptions input)
        {
            var seen = new List<DateTime> { context.CurrentUtcDateTime };
            for (var i = 0; i < Loops; i++)
            {
                await DurableWait.ForSignalAsync<int>(context, "e", Interval, input);
                await context.CallActivityAsync<int>(nameof(Twice), i);
                seen.Add(context.CurrentUtcDateTime);
            }

            return [.. seen];
        }
    }

    internal sealed class Ticker : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            if (input == 0)
            {
                return 0;
            }

            try
            {
                await context.WaitForExternalEvent<int>("e", TimeSpan.FromMilliseconds(200));
            }
            catch (TaskCanceledException)
            {
            }

            context.ContinueAsNew(input - 1);
            return input;
        }
    }

    internal sealed class Doubler : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(TaskOrchestrationContext context, int input) =>
            context.CallActivityAsync<int>(nameof(Twice), input);
    }

    internal sealed class Twice : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input * 2);
    }
}
