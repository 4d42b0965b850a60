using System.Diagnostics;
using SkyHedge.Clouds.Fake;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.LocalHost.Processes;
using SkyHedge.Testing;
using Xunit.Abstractions;

namespace SkyHedge.Control.Tests.ControlLoop;

/// <summary>
/// Crash safety: the control plane runs in a separate process (durable engine on Azurite, state in Table Storage,
/// a fake cloud in a file), is killed again and again while launches are in flight, and restarted. At the end the
/// live instances in the cloud are exactly the live replica rows: no duplicate, no leak, nothing stuck.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class CrashSafetyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    // 5 in CI; bench/chaos.sh sets SKYHEDGE_CHAOS_KILLS=20 for the long form.
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("SKYHEDGE_CHAOS_KILLS"), out var k) && k > 0 ? k : 5;

    private const string Spec = """
        name: crash
        resources:
          accelerators: A10G:1
          use_spot: true
          any_of:
            - cloud: aws
        service:
          readiness_probe:
            path: /health
            initial_delay_seconds: 120
          replica_policy:
            min_replicas: 3
            max_replicas: 3
            num_overprovision: 1
            dynamic_ondemand_fallback: true
        """;

    [Fact]
    public async Task KilledHostsNeitherDuplicateNorLeakInstances()
    {
        using var dir = new TempFolder();
        await using var server = await LoopbackHttpServer.StartOkAsync();
        var cloudFile = Path.Combine(dir.Path, "cloud.json");
        var specFile = Path.Combine(dir.Path, "crash.yaml");
        await File.WriteAllTextAsync(specFile, Spec);
        var cloud = FakeCloud.OpenFile(cloudFile);
        cloud.SetLaunchLatency(TimeSpan.FromSeconds(2)); // launches stay in flight long enough to be killed mid-way
        var prefix = "c" + Guid.NewGuid().ToString("N")[..12];
        var hub = "crash" + Guid.NewGuid().ToString("N")[..8];
        string[] args = [azurite.ConnectionString, prefix, hub, cloudFile, "crash", specFile, server.Address];
        var store = new TableStateStore(azurite.ConnectionString, new TableStateStoreOptions { TablePrefix = prefix });
        var random = new Random(7);

        for (var i = 0; i < Kills; i++)
        {
            // Give every restart work to do: the cloud takes one spot instance while the host is down, so the new
            // host must notice, fall back to on-demand and relaunch spot, and is killed somewhere in the middle.
            var spot = cloud.LiveInstances("crash").Where(x => x.Market == Market.Spot).ToList();
            if (spot.Count > 0)
            {
                cloud.Preempt(spot[random.Next(spot.Count)].InstanceId);
            }

            await using var host = Start(args);
            await host.WaitForOutputAsync(lines => lines.Any(l => l.Contains("READY", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), "the host to start");
            var clock = Stopwatch.StartNew();

            // Kill once this host is doing work (it wrote a new audit event: a row created or moved) and launches
            // are in flight, at a random moment after that.
            var events = (await store.ListEventsAsync("crash", 1000)).Count;
            await WaitUntil(async () => (await store.ListEventsAsync("crash", 1000)).Count > events, TimeSpan.FromSeconds(90));
            var progressAfter = clock.ElapsedMilliseconds;
            await Task.Delay(random.Next(0, 1500));
            await host.KillTreeAsync();
            output.WriteLine($"kill {i + 1}: first progress {progressAfter} ms after start, killed at {clock.ElapsedMilliseconds} ms; rows {Summary(await store.ListReplicasAsync("crash"))}; {cloud.TotalLaunched} instances launched");
        }

        await using (var final = Start(args))
        {
            var resume = Stopwatch.StartNew();
            await final.WaitForOutputAsync(lines => lines.Any(l => l.Contains("READY", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), "the host to start");
            await WaitUntil(async () => Converged(await store.ListReplicasAsync("crash")), TimeSpan.FromSeconds(180));
            output.WriteLine($"converged {resume.ElapsedMilliseconds} ms after the last restart");
            await final.KillTreeAsync();
        }

        var rows = await store.ListReplicasAsync("crash");
        var liveRows = rows.Where(r => !ReplicaStateMachine.IsTerminal(r.Replica.Status)).ToList();
        Assert.All(liveRows, r => Assert.Equal(ReplicaStatus.Ready, r.Replica.Status)); // nothing stuck half-way
        var liveInstances = cloud.LiveInstances("crash");
        Assert.Empty(cloud.DuplicateReplicas("crash"));
        Assert.Equal(liveRows.Select(r => r.InstanceId).Order(), liveInstances.Select(i => i.InstanceId).Order());
        Assert.Equal(liveRows.Select(r => r.Id).Order(), liveInstances.Select(i => i.ReplicaId).Order());
        output.WriteLine($"{rows.Count} replica rows, {cloud.TotalLaunched} instances launched, {cloud.DuplicateLaunchAttempts} launch retries answered idempotently");
    }

    private static bool Converged(IReadOnlyList<ReplicaRecord> rows)
    {
        var live = rows.Where(r => !ReplicaStateMachine.IsTerminal(r.Replica.Status)).ToList();
        return live.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot) == 4
            && live.All(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Market == Market.Spot);
    }

    private static string Summary(IReadOnlyList<ReplicaRecord> rows) =>
        string.Join(", ", rows.GroupBy(r => r.Replica.Status).Select(g => $"{g.Key} {g.Count()}"));

    private static ChildProcess Start(string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SkyHedge.CrashHost.dll");
        return ChildProcess.Start("dotnet", [dll, .. args], AppContext.BaseDirectory);
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout.TotalSeconds} s");
            await Task.Delay(200);
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("skyhedge-crash-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
