using System.Net.Http.Headers;
using System.Text.Json;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Cli.Tests.Admin;

/// <summary>The admin verbs against the real admin API served over HTTP (see <see cref="AdminApiServer"/>).</summary>
[Collection(AdminApiGroup.Name)]
public sealed class AdminVerbTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private const string Llm = "name: llm\nresources:\n  accelerators: A10G:1\n";
    private const string LlmV2 = "name: llm\nresources:\n  accelerators: A10G:1\n  ports: 8081\n";

    private readonly TempFolder _temp = new();
    private AdminApiServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminApiServer.StartAsync(azurite);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void UpThenStatusJsonHasTheService()
    {
        var up = Run("up", _temp.Write("llm.yaml", Llm));
        Assert.True(up.Code == 0, up.ToString());
        Assert.Contains("Created service llm (version 1, active)", up.Out, StringComparison.Ordinal);
        Assert.Contains($"skyhedge status llm --endpoint {_server.Endpoint}", up.Out, StringComparison.Ordinal);

        var status = Run("status", "llm", "--json");
        Assert.True(status.Code == 0, status.ToString());
        using var doc = JsonDocument.Parse(status.Out); // stdout is the JSON alone
        var service = doc.RootElement;
        Assert.Equal("llm", service.GetProperty("name").GetString());
        Assert.Equal(1, service.GetProperty("version").GetInt32());
        Assert.Equal("active", service.GetProperty("status").GetString());
        Assert.Equal("A10G:1", service.GetProperty("spec").GetProperty("resources").GetProperty("accelerators").GetString());
        Assert.Contains("llm", status.Err, StringComparison.Ordinal); // the human view went to stderr

        var all = Run("status", "--json");
        Assert.True(all.Code == 0, all.ToString());
        using var list = JsonDocument.Parse(all.Out);
        Assert.Equal("llm", Assert.Single(list.RootElement.EnumerateArray()).GetProperty("name").GetString());

        var table = Run("status");
        Assert.True(table.Code == 0, table.ToString());
        Assert.Contains("SERVICE", table.Out, StringComparison.Ordinal);
        Assert.Matches(@"llm\s+1\s+active\s+0\s+0\s+0\s+\$0\.00", table.Out);
    }

    [Fact]
    public async Task StatusJsonIsExactlyWhatTheApiAnswers()
    {
        Assert.Equal(0, Run("up", _temp.Write("llm.yaml", Llm)).Code);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminApiServer.Key);
        var direct = await http.GetStringAsync($"{_server.Endpoint}/api/services/llm");

        var run = Run("status", "llm", "--json");
        Assert.Equal(direct + "\n", run.Out);

        var file = _temp.Combine("out/llm.json");
        var toFile = Run("status", "llm", "--json", file);
        Assert.True(toFile.Code == 0, toFile.ToString());
        Assert.Equal(direct + "\n", File.ReadAllText(file));
        Assert.Contains("service  llm", toFile.Out, StringComparison.Ordinal); // the human view stays on stdout
    }

    [Fact]
    public void UpdateIncrementsTheVersion()
    {
        Assert.Equal(0, Run("up", _temp.Write("llm.yaml", Llm)).Code);

        var update = Run("update", "llm", _temp.Write("llm-v2.yaml", LlmV2));
        Assert.True(update.Code == 0, update.ToString());
        Assert.Contains("llm: version 1 → 2 (active)", update.Out, StringComparison.Ordinal);

        var json = Run("update", "llm", _temp.Combine("llm-v2.yaml"), "--json");
        Assert.True(json.Code == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("version").GetInt32());
        Assert.Contains("the spec is unchanged; still version 2", json.Err, StringComparison.Ordinal);

        using var status = JsonDocument.Parse(Run("status", "llm", "--json").Out);
        Assert.Equal(2, status.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(8081, status.RootElement.GetProperty("spec").GetProperty("resources").GetProperty("ports").GetInt32());
    }

    [Fact]
    public async Task LogsAddsLocalReplicaProcessOutput()
    {
        Assert.Equal(0, Run("up", _temp.Write("llm.yaml", Llm)).Code);
        await SeedReplicasAsync();
        var folder = Path.Combine(_temp.Path, "replica-logs");
        Directory.CreateDirectory(Path.Combine(folder, "llm"));
        await File.WriteAllLinesAsync(Path.Combine(folder, "llm", "r-1.log"), Enumerable.Range(1, 50).Select(i => $"line {i}"));
        await File.WriteAllTextAsync(Path.Combine(folder, "llm", "r-2.log"), "other replica\n");

        var logs = Run("logs", "llm", "--replica", "r-1", "--local-logs", folder);

        Assert.True(logs.Code == 0, logs.ToString());
        Assert.Contains("r-1 process output", logs.Out, StringComparison.Ordinal);
        Assert.Contains("line 50", logs.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line 10\n", logs.Out, StringComparison.Ordinal); // only the last 40 lines
        Assert.DoesNotContain("other replica", logs.Out, StringComparison.Ordinal);
        Assert.Equal(2, Run("logs", "llm", "--local-logs", Path.Combine(_temp.Path, "missing")).Code);
    }

    [Fact]
    public async Task ReplicasAndLogsPrintAndTheirJsonParses()
    {
        Assert.Equal(0, Run("up", _temp.Write("llm.yaml", Llm)).Code);
        await SeedReplicasAsync();

        var replicas = Run("replicas", "llm");
        Assert.True(replicas.Code == 0, replicas.ToString());
        foreach (var header in new[] { "ID", "ZONE", "MARKET", "STATUS", "ACCELERATOR", "$/HOUR", "LAUNCHED", "READY" })
        {
            Assert.Contains(header, replicas.Out, StringComparison.Ordinal);
        }

        Assert.Matches(@"r-1\s+aws us-east-1a\s+spot\s+provisioning\s+A10G\s+1\.006\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+-\s+1", replicas.Out);
        Assert.Matches(@"r-2\s+azure eastus/2\s+on_demand\s+pending\s+A10G\s+3\.200\s+-\s+-\s+1", replicas.Out);

        var replicasJson = Run("replicas", "llm", "--json");
        Assert.True(replicasJson.Code == 0, replicasJson.ToString());
        using (var doc = JsonDocument.Parse(replicasJson.Out))
        {
            var rows = doc.RootElement.EnumerateArray().ToList();
            Assert.Equal(["r-1", "r-2"], rows.Select(r => r.GetProperty("id").GetString()));
            Assert.Equal("spot", rows[0].GetProperty("market").GetString());
            Assert.Equal(1.006m, rows[0].GetProperty("price_per_hour").GetDecimal());
        }

        var logs = Run("logs", "llm");
        Assert.True(logs.Code == 0, logs.ToString());
        var lines = logs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var created = Array.FindIndex(lines, l => l.Contains("r-1", StringComparison.Ordinal) && l.Contains("created: pending", StringComparison.Ordinal));
        var launched = Array.FindIndex(lines, l => l.Contains("r-1", StringComparison.Ordinal) && l.Contains("status: pending → provisioning", StringComparison.Ordinal));
        Assert.True(created >= 0 && launched > created, logs.Out); // oldest first
        Assert.Contains("by controller", lines[launched], StringComparison.Ordinal);

        var logsJson = Run("logs", "llm", "--json");
        using (var doc = JsonDocument.Parse(logsJson.Out))
        {
            var events = doc.RootElement.EnumerateArray().ToList();
            Assert.Equal(3, events.Count);
            Assert.Equal("r-2", events[0].GetProperty("replica_id").GetString()); // the API's order: newest first
            Assert.Equal("provisioning", events[1].GetProperty("to_status").GetString());
        }

        var one = Run("logs", "llm", "--replica", "r-1", "--json");
        using (var doc = JsonDocument.Parse(one.Out))
        {
            Assert.Equal(["r-1", "r-1"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("replica_id").GetString()));
        }

        Assert.DoesNotContain("r-2", one.Err, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(Run("logs", "llm", "--max", "1", "--json").Out))
        {
            Assert.Equal(1, doc.RootElement.GetArrayLength());
        }

        var status = Run("status", "llm");
        Assert.Contains("replicas 0 ready of 2 live (0 ended)", status.Out, StringComparison.Ordinal);
        Assert.Contains("aws us-east-1a", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownShutsTheServiceDownAndItCanNoLongerBeUpdated()
    {
        Assert.Equal(0, Run("up", _temp.Write("llm.yaml", Llm)).Code);
        await SeedReplicasAsync();

        var down = Run("down", "llm");
        Assert.True(down.Code == 0, down.ToString());
        Assert.Contains("llm is shutting down (status shutting_down).", down.Out, StringComparison.Ordinal);
        Assert.Contains("terminates its 2 live replica(s) (r-1, r-2)", down.Out, StringComparison.Ordinal);

        var again = Run("down", "llm", "--json");
        Assert.True(again.Code == 0, again.ToString());
        using var doc = JsonDocument.Parse(again.Out);
        Assert.Equal("shutting_down", doc.RootElement.GetProperty("status").GetString());

        var update = Run("update", "llm", _temp.Write("llm-v2.yaml", LlmV2));
        Assert.True(update.Code == 1, update.ToString());
        Assert.Equal(["skyhedge: Conflict (409): Service 'llm' is being deleted; create it again once it is gone."], update.ErrLines);
    }

    [Fact]
    public void AWrongKeyIsOneLineAndExitCode1()
    {
        var run = Cli.Run("status", "--endpoint", _server.Endpoint, "--api-key", "not-a-key-of-this-stack");
        Assert.True(run.Code == 1, run.ToString());
        Assert.Equal(["skyhedge: Unauthorized (401): The API key is not valid (unknown or revoked)."], run.ErrLines);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void TheApisRefusalsAreOneLineAndExitCode1()
    {
        var missing = Run("status", "nope");
        Assert.True(missing.Code == 1, missing.ToString());
        Assert.Equal(["skyhedge: Not found (404): No service named 'nope'."], missing.ErrLines);

        var spec = _temp.Write("llm.yaml", Llm);
        Assert.Equal(0, Run("up", spec).Code);
        var twice = Run("up", spec);
        Assert.True(twice.Code == 1, twice.ToString());
        Assert.StartsWith("skyhedge: Conflict (409): Service 'llm' already exists", Assert.Single(twice.ErrLines), StringComparison.Ordinal);

        Assert.Equal(1, Run("logs", "nope").Code);
        Assert.Equal(1, Run("replicas", "nope").Code);
        Assert.Equal(1, Run("down", "nope").Code);
    }

    [Fact]
    public void TheEndpointMayEndInApi()
    {
        Assert.Equal(0, Run("up", _temp.Write("llm.yaml", Llm)).Code);
        var run = Cli.Run("status", "llm", "--endpoint", _server.Endpoint + "/api/", "--api-key", AdminApiServer.Key);
        Assert.True(run.Code == 0, run.ToString());
        Assert.Contains("service  llm", run.Out, StringComparison.Ordinal);
    }

    private CliResult Run(params string[] args) => Cli.Run([.. args, .. _server.Connection]);

    /// <summary>Two replicas as a controller would record them (none runs here): r-1 on spot, launched; r-2 on demand,
    /// pending. Three events: r-1 created, r-1 pending → provisioning, r-2 created (newest).</summary>
    private async Task SeedReplicasAsync()
    {
        await _server.Store.AddReplicaAsync(
            new ReplicaRecord(new Replica("r-1", "llm", "aws", "us-east-1", "us-east-1a", "g5.xlarge", "A10G", Market.Spot, 1.006m, ReplicaStatus.Pending), 1),
            "controller");
        await Task.Delay(20); // distinct event times, so the order is the one asserted
        await _server.Store.UpdateReplicaAsync(
            "llm", "r-1", r => r.TransitionTo(ReplicaStatus.Provisioning, DateTimeOffset.UtcNow) with { LaunchTime = DateTimeOffset.UtcNow }, "controller");
        await Task.Delay(20);
        await _server.Store.AddReplicaAsync(
            new ReplicaRecord(
                new Replica("r-2", "llm", "azure", "eastus", "2", "Standard_NV36ads_A10_v5", "A10G", Market.OnDemand, 3.2m, ReplicaStatus.Pending), 1),
            "controller");
    }
}
