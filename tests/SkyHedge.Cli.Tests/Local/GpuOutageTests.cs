using SkyHedge.Cli.Local;

namespace SkyHedge.Cli.Tests.Local;

/// <summary><c>local up --gpu-outage GPU@START[-END]</c>: parsing, and the schedule it runs.</summary>
public sealed class GpuOutageTests
{
    [Fact]
    public void The_gpu_is_normalised_and_the_times_are_seconds()
    {
        Assert.Equal(new GpuOutage("A100-80GB", TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(300)), GpuOutage.Parse("a100-80g@120-300"));
        Assert.Equal(new GpuOutage("L4", TimeSpan.FromSeconds(0.5), null), GpuOutage.Parse("L4@0.5"));
    }

    [Fact]
    public async Task It_withdraws_then_restores_and_says_so()
    {
        var calls = new List<string>();
        using var log = new StringWriter();

        await GpuOutage.Parse("A10G@0-0.05").RunAsync(g => calls.Add("withdraw " + g), g => calls.Add("restore " + g), log, CancellationToken.None);

        Assert.Equal(["withdraw A10G", "restore A10G"], calls);
        Assert.Equal("gpu outage: A10G withdrawn from the local cloud\ngpu outage: A10G is back\n", log.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_stop_before_the_start_does_nothing()
    {
        var calls = new List<string>();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        await GpuOutage.Parse("A10G@60").RunAsync(calls.Add, calls.Add, TextWriter.Null, stop.Token);

        Assert.Empty(calls);
    }
}
