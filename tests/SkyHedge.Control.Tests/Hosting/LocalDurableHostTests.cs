using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SkyHedge.LocalHost;

namespace SkyHedge.Control.Tests.Hosting;

public sealed class LocalDurableHostTests
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

    [Fact]
    public async Task SequentialActivitiesAreDispatchedPromptly()
    {
        await using var host = await LocalDurableHost.StartAsync(new LocalDurableHostOptions(), r =>
        {
            r.AddOrchestrator<Chain>();
            r.AddActivity<Twice>();
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Chain), 20);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        Console.WriteLine($"20 sequential activities: {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task TimersAndContinueAsNewArePrompt()
    {
        await using var host = await LocalDurableHost.StartAsync(new LocalDurableHostOptions(), r => r.AddOrchestrator<Ticker>());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Ticker), 10);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        Console.WriteLine($"10 x (200 ms wait + ContinueAsNew): {clock.ElapsedMilliseconds} ms");
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

    internal sealed class Chain : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            var x = 1;
            for (var i = 0; i < input; i++)
            {
                x = await context.CallActivityAsync<int>(nameof(Twice), x % 1000);
            }

            return x;
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
