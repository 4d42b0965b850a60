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
