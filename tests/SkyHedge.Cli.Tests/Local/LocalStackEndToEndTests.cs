using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkyHedge.Cli.Local;
using SkyHedge.Cli.Tests.Admin;
using SkyHedge.Clouds.Local;
using SkyHedge.Core.Model;
using SkyHedge.Testing;
using Xunit.Abstractions;

namespace SkyHedge.Cli.Tests.Local;

/// <summary>
/// The main job end to end, every part a real process or server: Azurite, the durable control plane, the admin API,
/// the router and emulator replicas in a local cloud whose zones follow the shipped AWS trace. At 300× the trace's
/// us-west-2a and us-west-2c zones go away about 34 s after the cloud starts and us-west-2b about 47 s, so spot
/// replicas are noticed, drained and killed while a client keeps sending requests through the router. The traffic
/// runs until two preemptions have happened (plus 8 s to see them replaced), at most 100 s, so a slow machine that
/// starts the stack late still sees them.
/// </summary>
[Trait("Category", "Reliability")] // the bounded soak of RELIABILITY.md
public sealed class LocalStackEndToEndTests(ITestOutputHelper output)
{
    private const string Spec = """
        name: llm
        resources:
          use_spot: true
          any_of:
            - region: us-west-2
              accelerators: A10G:1
            - region: us-east-1
              accelerators: A10G:1
        service:
          readiness_probe:
            path: /health
            initial_delay_seconds: 60
          replica_policy:
            min_replicas: 2
            max_replicas: 2
            num_overprovision: 1
            dynamic_ondemand_fallback: true
        """;

    private const double Rate = 20;

    [Fact]
    public async Task Requests_keep_succeeding_through_preemptions_and_nothing_is_left_running()
    {
        var key = "e2e-admin-key-" + Guid.NewGuid().ToString("N");
        var logs = Directory.CreateTempSubdirectory("skyhedge-e2e-").FullName;
        var options = new LocalStackOptions { ApiKey = key, LogDirectory = logs }.WithAutoPorts();
        var cloud = new LocalCloudProvider(new LocalCloudOptions
        {
            PreemptTrace = RepoRoot.Combine("data", "spot", "aws-v100-excerpt"),
            TimeScale = 300,
            EmulatorTimeScale = 20,
            EmulatorWarmupSeconds = 0.5,
            EmulatorGraceSeconds = 2,
            LogDirectory = logs,
        });
        var pids = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        int sent = 0, ok = 0;
        var failures = new List<string>();
        var latencies = new List<double>();
        var tokens = new List<string>();
        await using (var stack = await LocalStack.StartAsync(options, cloud, new Progress<string>(output.WriteLine), CancellationToken.None))
        {
            var submitted = await stack.SubmitAsync(Spec, CancellationToken.None);
            Assert.Equal(201, submitted.StatusCode);
            using var client = new HttpClient { BaseAddress = stack.RouterUrl, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            // From the submission on, a client sends Rate requests a second; requests that arrive before the first
            // replica is ready wait in the router's queue.
            // bench/soak.sh sets SKYHEDGE_SOAK_SECONDS (e.g. 300) for the long form: traffic then runs that long.
            var soak = int.TryParse(Environment.GetEnvironmentVariable("SKYHEDGE_SOAK_SECONDS"), out var seconds) && seconds > 0 ? seconds : (int?)null;
            var until = clock.Elapsed + TimeSpan.FromSeconds(soak ?? 100);
            var watcher = Task.Run(async () =>
            {
                while (soak is null && clock.Elapsed < until)
                {
                    var preemptedSoFar = (await stack.Store.ListReplicasAsync("llm")).Count(r => r.Replica.Status == ReplicaStatus.Preempted);
                    if (preemptedSoFar >= 2)
                    {
                        until = clock.Elapsed + TimeSpan.FromSeconds(8);
                        return;
                    }

                    await Task.Delay(1000);
                }
            });
            async Task SendAsync()
            {
                Interlocked.Increment(ref sent);
                var started = clock.Elapsed;
                try
                {
                    using var response = await client.PostAsJsonAsync("/v1/completions", new { model = "llm", prompt = "Hello there", max_tokens = 8 });
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref ok);
                        lock (latencies)
                        {
                            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                        }
                    }
                    else
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        lock (failures)
                        {
                            failures.Add($"{clock.Elapsed.TotalSeconds:0.0}s {(int)response.StatusCode} {body}");
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    lock (failures)
                    {
                        failures.Add($"{clock.Elapsed.TotalSeconds:0.0}s {ex.Message}");
                    }
                }
            }

            // Open loop at a fixed rate, as real users: a slow replica does not slow the arrivals down.
            async Task ClientAsync()
            {
                var inFlight = new List<Task>();
                var next = clock.Elapsed;
                while (clock.Elapsed < until)
                {
                    inFlight.Add(SendAsync());
                    foreach (var instance in await cloud.ListAsync(null, CancellationToken.None))
                    {
                        if (cloud.ProcessId(instance.InstanceId) is { } pid)
                        {
                            lock (pids)
                            {
                                pids.Add(pid);
                            }
                        }
                    }

                    next += TimeSpan.FromSeconds(1.0 / Rate);
                    if (next > clock.Elapsed)
                    {
                        await Task.Delay(next - clock.Elapsed);
                    }
                }

                await Task.WhenAll(inFlight);
            }

            await Task.WhenAll(ClientAsync(), watcher);
            var rows = await stack.Store.ListReplicasAsync("llm");
            tokens.AddRange(rows.Select(r => r.ReplicaToken).OfType<string>().Where(t => t.Length > 0));
            output.WriteLine($"{sent} sent, {ok} ok; replicas: {string.Join("; ", rows.Select(r => $"{r.Id} {r.Replica.Zone} {r.Replica.Market} {r.Replica.Status}"))}");
            foreach (var failure in failures.Take(20))
            {
                output.WriteLine(failure);
            }

            // Leaks: once in-flight launches and terminations settle, the cloud runs exactly the live rows' instances.
            var leaked = await LeakedAsync(stack, cloud);
            latencies.Sort();
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"soak: {clock.Elapsed.TotalSeconds:0} s at {Rate:0} requests/s, {sent} sent, {ok} ok ({100.0 * ok / Math.Max(1, sent):0.00} %), p50 {Percentile(latencies, 0.50):0} ms, p99 {Percentile(latencies, 0.99):0} ms, "
                + $"instances launched {rows.Count(r => r.InstanceId is not null)}, preempted {rows.Count(r => r.Replica.Status == ReplicaStatus.Preempted)}, leaked {leaked.Count}"));
            Assert.Empty(leaked);
            Assert.True(ok >= 0.99 * sent, $"{ok} of {sent} requests succeeded");
            var preempted = rows.Count(r => r.Replica.Status == ReplicaStatus.Preempted);
            Assert.True(preempted >= 2, $"the trace should preempt at least 2 replicas, got {preempted}");
            Assert.True(rows.Count(r => r.Replica.Status == ReplicaStatus.Ready) >= 2, "the preempted replicas were replaced (spot elsewhere or on-demand)");

            // What an operator sees: `status --json` has the preempted replicas, their replacements and the zones.
            var status = Admin.Cli.Run("status", "llm", "--json", "--endpoint", stack.AdminUrl.ToString(), "--api-key", key);
            Assert.Equal(0, status.Code);
            using var json = JsonDocument.Parse(status.Out);
            var view = json.RootElement;
            Assert.True(view.GetProperty("replicas").EnumerateArray().Count(r => r.GetProperty("status").GetString() == "preempted") >= 2);
            Assert.True(view.GetProperty("replicas").EnumerateArray().Count(r => r.GetProperty("status").GetString() == "ready") >= 2);
            Assert.Contains(view.GetProperty("locations").EnumerateArray(), l => l.GetProperty("preemptions").GetInt32() > 0);
        }

        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"emulator {pid} is still running after shutdown"));

        // Every log the run wrote (control plane, router, replicas): no admin key, no replica token, no prompt.
        var secrets = tokens.Append(key).ToList();
        foreach (var file in Directory.EnumerateFiles(logs, "*", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("Hello there", text, StringComparison.Ordinal);
            Assert.All(secrets, secret => Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{Path.GetFileName(file)} contains a key or replica token"));
        }

        output.WriteLine($"log scan: {Directory.EnumerateFiles(logs, "*", SearchOption.AllDirectories).Count()} log files, {secrets.Count} secrets and the prompt looked for, none found");
        Directory.Delete(logs, recursive: true);
    }

    // Instances the local cloud runs that no live replica row claims, after up to 20 s for transitions to settle.
    private static async Task<List<string>> LeakedAsync(LocalStack stack, LocalCloudProvider cloud)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var claimed = (await stack.Store.ListReplicasAsync("llm"))
                .Where(r => r.InstanceId is not null && !ReplicaStateMachine.IsTerminal(r.Replica.Status)).Select(r => r.InstanceId!).ToHashSet();
            var live = await cloud.ListAsync("llm", CancellationToken.None);
            var leaked = live.Where(i => i.State is Core.Ports.InstanceState.Pending or Core.Ports.InstanceState.Running && !claimed.Contains(i.InstanceId)).Select(i => i.InstanceId).ToList();
            if (leaked.Count == 0 || DateTime.UtcNow > deadline)
            {
                return leaked;
            }

            await Task.Delay(500);
        }
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
