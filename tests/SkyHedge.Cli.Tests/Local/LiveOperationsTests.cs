using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkyHedge.Cli.Local;
using SkyHedge.Clouds.Local;
using SkyHedge.Core.Model;
using Xunit.Abstractions;

namespace SkyHedge.Cli.Tests.Local;

/// <summary>Operating a live service under traffic on the local stack (zones always available here): a rolling
/// update, and the autoscaler following a load step up and back down.</summary>
public sealed class LiveOperationsTests(ITestOutputHelper output)
{
    private const string Fixed = """
        name: upd
        envs:
          VERSION: "1"
        resources:
          accelerators: A10G:1
          use_spot: true
        service:
          readiness_probe: /health
          replica_policy:
            min_replicas: 2
            max_replicas: 2
            num_overprovision: 0
        """;

    private const string Scaling = """
        name: auto
        resources:
          accelerators: A10G:1
          use_spot: true
        service:
          readiness_probe: /health
          replica_policy:
            min_replicas: 1
            max_replicas: 3
            target_qps_per_replica: 2
            upscale_delay_seconds: 2
            downscale_delay_seconds: 4
            num_overprovision: 0
        """;

    [Fact]
    public async Task A_rolling_update_under_traffic_never_leaves_the_service_without_a_ready_replica()
    {
        await using var run = await RunAsync();
        await run.Stack.SubmitAsync(Fixed, CancellationToken.None);
        await run.WaitForReadyAsync("upd", 2, TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        var traffic = run.SendAsync("upd", rate: 20, TimeSpan.FromSeconds(30));
        var lowest = int.MaxValue;
        var watch = Task.Run(async () =>
        {
            while (!traffic.IsCompleted)
            {
                lowest = Math.Min(lowest, await run.ReadyAsync("upd"));
                await Task.Delay(100);
            }
        });
        await Task.Delay(3000);
        var updated = await run.Stack.Admin.HandleAsync(
            new Control.Admin.AdminRequest("PUT", "/api/services/upd", run.Auth("application/yaml"), Fixed.Replace("VERSION: \"1\"", "VERSION: \"2\"", StringComparison.Ordinal)),
            CancellationToken.None);
        Assert.Equal(200, updated.StatusCode);
        var (sent, ok) = await traffic;
        await watch;

        var rows = await run.Stack.Store.ListReplicasAsync("upd");
        output.WriteLine($"{sent} sent, {ok} ok, lowest ready {lowest}; {string.Join("; ", rows.Select(r => $"{r.Id} v{r.SpecVersion} {r.Replica.Status}"))}");
        Assert.True(ok >= 0.99 * sent, $"{ok} of {sent} succeeded");
        Assert.True(lowest >= 1, "a moment without a ready replica during the update");
        Assert.Equal(2, rows.Count(r => r.SpecVersion == 2 && r.Replica.Status == ReplicaStatus.Ready));
        Assert.DoesNotContain(rows, r => r.SpecVersion == 1 && r.Replica.Status is ReplicaStatus.Ready or ReplicaStatus.Draining);
    }

    [Fact]
    public async Task A_load_step_scales_the_service_from_1_to_3_replicas_and_back_down()
    {
        await using var run = await RunAsync();
        await run.Stack.SubmitAsync(Scaling, CancellationToken.None);
        await run.WaitForReadyAsync("auto", 1, TimeSpan.FromSeconds(60));

        // 25 requests/s is over 3 replicas' worth (target 2/s each) once the 60 s window fills past 6/s.
        var traffic = run.SendAsync("auto", rate: 25, TimeSpan.FromSeconds(45));
        await run.WaitForReadyAsync("auto", 3, TimeSpan.FromSeconds(60));
        var (sent, ok) = await traffic;
        output.WriteLine($"{sent} sent, {ok} ok during the step");
        Assert.True(ok >= 0.99 * sent, $"{ok} of {sent} succeeded");

        // Load stops: once the 60 s window has emptied (ten-second count buckets, so about 70 s) and the downscale
        // delay has passed, back to min_replicas.
        await run.WaitForReadyAsync("auto", 1, TimeSpan.FromSeconds(150), exactly: true);
    }

    private static async Task<Run> RunAsync()
    {
        var key = "live-admin-key-" + Guid.NewGuid().ToString("N");
        var logs = Directory.CreateTempSubdirectory("skyhedge-live-").FullName;
        var cloud = new LocalCloudProvider(new LocalCloudOptions { EmulatorTimeScale = 20, EmulatorWarmupSeconds = 0.5, EmulatorGraceSeconds = 2, LogDirectory = logs });
        var stack = await LocalStack.StartAsync(new LocalStackOptions { ApiKey = key, LogDirectory = logs }.WithAutoPorts(), cloud, new Progress<string>(), CancellationToken.None);
        return new Run(stack, key, logs);
    }

    private sealed class Run(LocalStack stack, string key, string logs) : IAsyncDisposable
    {
        private readonly HttpClient _client = new() { BaseAddress = stack.RouterUrl, Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

        public LocalStack Stack => stack;

        public KeyValuePair<string, string>[] Auth(string contentType) =>
            [KeyValuePair.Create("Authorization", "Bearer " + key), KeyValuePair.Create("Content-Type", contentType)];

        /// <summary>Ready replicas of the service as the router sees them.</summary>
        public async Task<int> ReadyAsync(string service)
        {
            using var models = JsonDocument.Parse(await _client.GetStringAsync("/v1/models"));
            return models.RootElement.GetProperty("data").EnumerateArray()
                .Where(m => m.GetProperty("id").GetString() == service)
                .Select(m => m.GetProperty("ready_replicas").GetInt32())
                .FirstOrDefault();
        }

        public async Task WaitForReadyAsync(string service, int count, TimeSpan timeout, bool exactly = false)
        {
            var deadline = Stopwatch.StartNew();
            int ready;
            while ((ready = await ReadyAsync(service)) < count || (exactly && ready != count))
            {
                Assert.True(deadline.Elapsed < timeout, $"{service}: {ready} ready replicas after {timeout.TotalSeconds:0} s, waiting for {count}");
                await Task.Delay(250);
            }
        }

        /// <summary>Open-loop traffic at a fixed rate; returns (sent, succeeded).</summary>
        public async Task<(int Sent, int Ok)> SendAsync(string service, int rate, TimeSpan duration)
        {
            var calls = new List<Task<bool>>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                calls.Add(OneAsync(service));
                var next = TimeSpan.FromSeconds((i + 1) / (double)rate) - clock.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next);
                }
            }

            var results = await Task.WhenAll(calls);
            return (results.Length, results.Count(r => r));
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await stack.DisposeAsync();
            Directory.Delete(logs, recursive: true);
        }

        private async Task<bool> OneAsync(string service)
        {
            try
            {
                using var response = await _client.PostAsJsonAsync("/v1/completions", new { model = service, prompt = "Hello", max_tokens = 4 });
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }
}
