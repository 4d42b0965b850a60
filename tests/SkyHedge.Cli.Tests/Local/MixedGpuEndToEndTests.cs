using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SkyHedge.Cli.Local;
using SkyHedge.Clouds.Local;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Core.Routing;
using SkyHedge.Testing;
using Xunit.Abstractions;

namespace SkyHedge.Cli.Tests.Local;

/// <summary>
/// The mixed-GPU service of <c>examples/mixed-gpu.yaml</c> on the whole local stack (Azurite, the durable control
/// plane, the router, emulator replicas): clients send short chat requests and long document requests; the control
/// plane plans a mix from the sizes the router counted, launches more than one GPU type, and writes the routing
/// table, so each size lands on its pool (read from the replicas' own <c>/metrics</c>). Then the local cloud withdraws
/// the large requests' GPU type: its replicas are preempted, its launches refused, and the plan moves that load to
/// the other types while at least 99% of all requests succeed. The shipped trace runs at real speed here, so its
/// zones stay as they start.
/// </summary>
public sealed class MixedGpuEndToEndTests(ITestOutputHelper output)
{
    private const string Service = "llama2-7b-mixed";
    private static readonly string LongPrompt = string.Join(' ', Enumerable.Repeat("word", 1500));

    [Fact]
    public async Task The_planned_mix_serves_each_size_on_its_pool_and_re_plans_when_a_gpu_type_vanishes()
    {
        var key = "mix-admin-key-" + Guid.NewGuid().ToString("N");
        var logs = Directory.CreateTempSubdirectory("skyhedge-mix-e2e-").FullName;
        var options = new LocalStackOptions { ApiKey = key, LogDirectory = logs }.WithAutoPorts();
        var cloud = new LocalCloudProvider(new LocalCloudOptions
        {
            PreemptTrace = RepoRoot.Combine("data", "spot", "aws-v100-excerpt"),
            TimeScale = 1,
            EmulatorTimeScale = 20,
            EmulatorWarmupSeconds = 0.5,
            EmulatorGraceSeconds = 2,
            LogDirectory = logs,
        });
        var clock = Stopwatch.StartNew();
        int sent = 0, ok = 0;
        var failures = new List<string>();
        await using (var stack = await LocalStack.StartAsync(options, cloud, new Progress<string>(output.WriteLine), CancellationToken.None))
        {
            var submitted = await stack.SubmitAsync(await File.ReadAllTextAsync(RepoRoot.Combine("examples", "mixed-gpu.yaml")), CancellationToken.None);
            Assert.Equal(201, submitted.StatusCode);
            using var client = new HttpClient { BaseAddress = stack.RouterUrl, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var stop = new CancellationTokenSource();

            // Open loop, as real users: requests start at a fixed rate whether or not earlier ones finished, so a
            // slow pool does not lower the rate the planner sees.
            var inFlight = new List<Task>();
            async Task SendAsync(string prompt, int maxTokens)
            {
                Interlocked.Increment(ref sent);
                try
                {
                    using var response = await client.PostAsJsonAsync("/v1/completions", new { model = Service, prompt, max_tokens = maxTokens });
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Fail($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Fail(ex.Message);
                }
            }

            async Task ClientAsync(string prompt, int maxTokens, double perSecond)
            {
                var period = TimeSpan.FromSeconds(1 / perSecond);
                var next = clock.Elapsed;
                while (!stop.IsCancellationRequested)
                {
                    lock (inFlight)
                    {
                        inFlight.Add(SendAsync(prompt, maxTokens));
                    }

                    next += period;
                    var wait = next - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }
            }

            void Fail(string what)
            {
                lock (failures)
                {
                    failures.Add($"{clock.Elapsed.TotalSeconds:0.0}s {what}");
                }
            }

            // 4 short requests/s and 2 long ones: the cheapest mix is then one 80 GB A100 for the long requests and
            // an A10G for the short (at AWS spot prices, three A10Gs would cost more than the pair).
            var clients = new[]
            {
                ClientAsync("Hello there", 16, 2),
                ClientAsync("What is the capital of France?", 16, 2),
                ClientAsync(LongPrompt, 300, 2),
            };

            // The plan: the long requests' cell on the 80 GB A100, the short ones' on a cheaper type, both serving.
            var planned = await EventuallyAsync(
                async () =>
                {
                    var table = RoutingTable.Parse((await stack.Store.GetServiceAsync(Service))?.Routing);
                    var large = table.Lookup(1500, 300);
                    var small = table.Lookup(5, 16);
                    var ready = (await stack.Store.ListReplicasAsync(Service)).Where(r => r.Replica.Status == ReplicaStatus.Ready).Select(r => r.Replica.Accelerator).ToHashSet();
                    return large == Accelerators.A100_80GB && small is not null && small != large && ready.Contains(large) && ready.Contains(small) ? (Small: small, Large: large) : default;
                },
                "a routing table with short and long requests on two ready GPU types",
                TimeSpan.FromSeconds(150),
                () => DescribeAsync(stack));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s planned: short → {planned.Small}, long → {planned.Large}");

            // Each pool's replicas served the sizes planned for it from then on (their own counters, so the router's
            // word is not taken for it; before the A100 was ready, long requests fell back to the A10Gs).
            // The router reads the table at its next poll (2 s): measure from the first long request the A100 pool gets.
            var atPlan = await PromptsByGpuAsync(stack);
            await EventuallyAsync(
                async () => (await PromptsByGpuAsync(stack)).GetValueOrDefault(planned.Large).Long > atPlan.GetValueOrDefault(planned.Large).Long ? "routed" : null,
                "the router sending long requests to the A100 pool",
                TimeSpan.FromSeconds(30),
                () => DescribeAsync(stack));
            var before = await PromptsByGpuAsync(stack);
            Dictionary<string, (long Short, long Long)> after = [];
            (long Short, long Long) Served(string gpu) =>
                (after.GetValueOrDefault(gpu).Short - before.GetValueOrDefault(gpu).Short, after.GetValueOrDefault(gpu).Long - before.GetValueOrDefault(gpu).Long);
            await EventuallyAsync(
                async () =>
                {
                    after = await PromptsByGpuAsync(stack);
                    return Served(planned.Large).Long >= 8 && Served(planned.Small).Short >= 16 ? "enough" : null;
                },
                "8 long requests served by the A100 pool and 16 short ones by the other",
                TimeSpan.FromSeconds(60),
                () => DescribeAsync(stack));
            var large = Served(planned.Large);
            var small = Served(planned.Small);
            output.WriteLine($"since the plan: {planned.Large} served {large.Short} short, {large.Long} long; {planned.Small} served {small.Short} short, {small.Long} long");
            Assert.True(large.Long >= 8 && large.Short * 4 <= large.Long, "the A100 pool served the long requests");
            Assert.True(small.Short >= 16 && small.Long * 4 <= small.Short, $"the {planned.Small} pool served the short requests");

            // The large type vanishes: the plan moves its load to the others.
            cloud.WithdrawGpu(planned.Large);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s withdrew {planned.Large}");
            var replanned = await EventuallyAsync(
                async () =>
                {
                    var table = RoutingTable.Parse((await stack.Store.GetServiceAsync(Service))?.Routing);
                    var large = table.Lookup(1500, 300);
                    var rows = await stack.Store.ListReplicasAsync(Service);
                    var live = rows.Where(r => r.Replica.Status is ReplicaStatus.Ready or ReplicaStatus.Starting or ReplicaStatus.Provisioning or ReplicaStatus.Pending).ToList();
                    var readyForLarge = rows.Count(r => r.Replica.Status == ReplicaStatus.Ready && r.Replica.Accelerator == large);
                    return large is not null && large != planned.Large && readyForLarge > 0 && live.All(r => r.Replica.Accelerator != planned.Large) ? large : null;
                },
                "a re-plan with long requests on another ready type and no live replica of the withdrawn one",
                TimeSpan.FromSeconds(120),
                () => DescribeAsync(stack));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0}s re-planned: long → {replanned}");

            // Another 40 requests answered on the re-planned fleet before the traffic stops.
            int Answered()
            {
                lock (failures)
                {
                    return Volatile.Read(ref ok) + failures.Count;
                }
            }

            var mark = Answered();
            await EventuallyAsync(() => Task.FromResult(Answered() >= mark + 40 ? "answered" : null), "40 more requests answered after the re-plan", TimeSpan.FromSeconds(60), () => DescribeAsync(stack));

            stop.Cancel();
            await Task.WhenAll(clients);
            Task[] pending;
            lock (inFlight)
            {
                pending = [.. inFlight];
            }

            await Task.WhenAll(pending);
            var all = await stack.Store.ListReplicasAsync(Service);
            output.WriteLine($"{sent} sent, {ok} ok; replicas: {string.Join("; ", all.Select(r => $"{r.Id} {r.Replica.Accelerator} {r.Replica.Market} {r.Replica.Status}"))}");
            foreach (var failure in failures.Take(20))
            {
                output.WriteLine(failure);
            }

            Assert.True(ok >= 0.99 * sent, $"{ok} of {sent} requests succeeded");
            Assert.Contains(all, r => r.Replica.Accelerator == planned.Large && r.Replica.Status == ReplicaStatus.Preempted);
        }

        Directory.Delete(logs, recursive: true);
    }

    // Short and long requests each Ready replica finished, by GPU type, from the vLLM-style prompt histogram.
    private static async Task<Dictionary<string, (long Short, long Long)>> PromptsByGpuAsync(LocalStack stack)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var totals = new Dictionary<string, (long Short, long Long)>(StringComparer.Ordinal);
        foreach (var row in (await stack.Store.ListReplicasAsync(Service)).Where(r => r.Replica.Status == ReplicaStatus.Ready && r.Address is not null))
        {
            var text = await http.GetStringAsync(new Uri(new Uri(row.Address!), "/metrics"));
            var shortCount = Counter(text, "le=\"64\"");
            var all = Counter(text, "le=\"+Inf\"");
            var (s, l) = totals.GetValueOrDefault(row.Replica.Accelerator);
            totals[row.Replica.Accelerator] = (s + shortCount, l + (all - Counter(text, "le=\"1024\"")));
        }

        return totals;
    }

    private static long Counter(string metrics, string bucket) =>
        metrics.Split('\n').Where(l => l.StartsWith("vllm:request_prompt_tokens_bucket", StringComparison.Ordinal) && l.Contains(bucket, StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Single();

    private static async Task<string> DescribeAsync(LocalStack stack)
    {
        var service = await stack.Store.GetServiceAsync(Service);
        var rows = await stack.Store.ListReplicasAsync(Service);
        return $"routing {service?.Routing}; replicas: {string.Join("; ", rows.Select(r => $"{r.Id} {r.Replica.Accelerator} {r.Replica.Zone} {r.Replica.Market} {r.Replica.Status} {r.Replica.Reason}"))}";
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan timeout, Func<Task<string>> describe)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value && !EqualityComparer<T>.Default.Equals(value, default))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s; {await describe()}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
