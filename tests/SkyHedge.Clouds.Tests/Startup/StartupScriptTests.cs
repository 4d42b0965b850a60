using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SkyHedge.Clouds.Startup;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Startup;

/// <summary>The startup wrapper every adapter boots replicas with, run for real by <c>sh</c>: hostile spec values
/// arrive byte for byte and are never executed by the wrapper, and the notice watcher turns each cloud's captured
/// metadata documents into a notice for the right replica.</summary>
public sealed class StartupScriptTests
{
    private const string Token = "replica-secret-'\"$(x)";

    [Fact]
    public async Task Hostile_run_and_env_values_pass_through_unharmed_and_unexecuted()
    {
        const string hostile = "it's \"$(touch pwned)\" `touch pwned2` $HOME \\ ;\nsecond line\n\n";
        const string run = "# a comment the wrapper must not run: $(touch run-pwned) 'q' \"dq\"\n"
            + "printf '%s' \"$HOSTILE\" > seen-env.txt\n"
            + "printf '%s' \"$VLLM_API_KEY\" > seen-token.txt\n"
            + "exec sleep 30\n";
        var spec = new ServiceSpec
        {
            Name = "svc",
            Run = run,
            Setup = "echo setup ran > setup-ran.txt\n",
            Envs = new Dictionary<string, string?> { ["HOSTILE"] = hostile },
        };
        var script = StartupScript.Generate(spec, Settings(new Uri("http://127.0.0.1:9"), MetadataFlavor.Aws));

        using var wrapper = WrapperRun.Start(script, "http://127.0.0.1:9");
        var seen = Path.Combine(wrapper.Home, "seen-env.txt");
        await WrapperRun.UntilAsync(() => File.Exists(Path.Combine(wrapper.Home, "seen-token.txt")) && new FileInfo(Path.Combine(wrapper.Home, "seen-token.txt")).Length > 0, "the stub server started");

        Assert.Equal(Encoding.UTF8.GetBytes(hostile), await File.ReadAllBytesAsync(seen));
        Assert.Equal(Token, await File.ReadAllTextAsync(Path.Combine(wrapper.Home, "seen-token.txt")));
        Assert.Equal(run, await File.ReadAllTextAsync(Path.Combine(wrapper.Home, "run.sh")));
        Assert.True(File.Exists(Path.Combine(wrapper.Home, "setup-ran.txt")), "setup ran before the server");
        Assert.Empty(Directory.EnumerateFiles(wrapper.Folder, "*pwned*", SearchOption.AllDirectories));
        Assert.DoesNotContain("touch", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc\"def")]
    [InlineData("x y")]
    public void Names_that_would_reach_code_are_checked(string replicaId) =>
        Assert.Throws<ArgumentException>(() => StartupScript.Generate(new ServiceSpec { Name = "svc" }, Settings(new Uri("http://127.0.0.1"), MetadataFlavor.Gcp) with { ReplicaId = replicaId }));

    [Fact]
    public void An_env_name_that_is_not_an_identifier_is_refused() =>
        Assert.Throws<ArgumentException>(() => StartupScript.Generate(
            new ServiceSpec { Name = "svc", Envs = new Dictionary<string, string?> { ["A;rm -rf /"] = "x" } },
            Settings(new Uri("http://127.0.0.1"), MetadataFlavor.Aws)));

    [Theory]
    [InlineData(MetadataFlavor.Aws, "terminate")]
    [InlineData(MetadataFlavor.Azure, "preemption")]
    [InlineData(MetadataFlavor.Gcp, "preemption")]
    public async Task The_watcher_turns_the_metadata_notice_into_a_notice_for_its_replica(MetadataFlavor cloud, string kind)
    {
        await using var fake = await MetadataFake.StartAsync(cloud);
        var spec = new ServiceSpec { Name = "svc", Run = "exec sleep 30\n" };
        var script = StartupScript.Generate(spec, Settings(fake.Url, cloud));

        using var wrapper = WrapperRun.Start(script, fake.Url.ToString().TrimEnd('/'));
        await WrapperRun.UntilAsync(() => !fake.Notices.IsEmpty, "a notice posted");

        var (auth, body) = Assert.Single(fake.Notices);
        Assert.Equal("Bearer " + Token, auth);
        Assert.Equal($$"""{"service":"svc","replica_id":"r-1","kind":"{{kind}}"}""", body);
        Assert.True(fake.Polls >= 3, $"the watcher polled until the notice ({fake.Polls} polls)");
    }

    private static StartupSettings Settings(Uri admin, MetadataFlavor cloud) =>
        new("svc", "r-1", Token, admin, cloud) { PollInterval = TimeSpan.FromMilliseconds(100) };

    /// <summary>A loopback stand-in for one cloud's metadata service (no notice for the first two polls, then the
    /// cloud's documented notice) and for the admin API's <c>/api/notices</c>.</summary>
    private sealed class MetadataFake : IAsyncDisposable
    {
        // Documented examples: EC2 "Spot Instance interruption notices"; Azure "Scheduled Events" (a Preempt event);
        // GCP "Detect if a VM was preempted" (instance/preempted = TRUE).
        private const string AwsAction = """{"action": "terminate", "time": "2017-09-18T08:22:00Z"}""";
        private const string AzureEmpty = """{"DocumentIncarnation":1,"Events":[]}""";
        private const string AzurePreempt = """{"DocumentIncarnation":2,"Events":[{"EventId":"602d9444-d2cd-49c7-8624-8643e7171297","EventStatus":"Scheduled","EventType":"Preempt","ResourceType":"VirtualMachine","Resources":["skyhedge-r-1"],"NotBefore":"Mon, 19 Sep 2016 18:29:47 GMT","Description":"","EventSource":"Platform","DurationInSeconds":-1}]}""";

        private readonly WebApplication _app;
        private int _polls;

        private MetadataFake(WebApplication app) => _app = app;

        public ConcurrentQueue<(string? Auth, string Body)> Notices { get; } = new();

        public int Polls => _polls;

        public Uri Url => new(_app.Urls.First() + "/");

        public static async Task<MetadataFake> StartAsync(MetadataFlavor cloud)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new MetadataFake(app);
            bool Noticed() => Interlocked.Increment(ref fake._polls) > 2;
            switch (cloud)
            {
                case MetadataFlavor.Aws:
                    app.MapPut("/latest/api/token", (HttpRequest r) =>
                        r.Headers["X-aws-ec2-metadata-token-ttl-seconds"].Count == 1 ? Results.Text("imds-token") : Results.BadRequest());
                    app.MapGet("/latest/meta-data/spot/instance-action", (HttpRequest r) =>
                        r.Headers["X-aws-ec2-metadata-token"] != "imds-token" ? Results.Unauthorized() : Noticed() ? Results.Text(AwsAction, "text/plain") : Results.NotFound());
                    break;
                case MetadataFlavor.Azure:
                    app.MapGet("/metadata/scheduledevents", (HttpRequest r) =>
                        r.Headers["Metadata"] != "true" ? Results.BadRequest() : Results.Text(Noticed() ? AzurePreempt : AzureEmpty, "application/json"));
                    break;
                default:
                    app.MapGet("/computeMetadata/v1/instance/preempted", (HttpRequest r) =>
                        r.Headers["Metadata-Flavor"] != "Google" ? Results.StatusCode(403) : Results.Text(Noticed() ? "TRUE" : "FALSE", "text/plain"));
                    break;
            }

            app.MapPost("/api/notices", async (HttpRequest r) =>
            {
                using var reader = new StreamReader(r.Body);
                fake.Notices.Enqueue((r.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
                return Results.Ok();
            });
            await app.StartAsync();
            return fake;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
