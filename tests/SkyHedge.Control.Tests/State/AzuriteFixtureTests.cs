using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Azure.Data.Tables;
using SkyHedge.LocalHost.Processes;
using SkyHedge.Testing;
using Xunit.Abstractions;

namespace SkyHedge.Control.Tests.State;

/// <summary>The fixture's own contract: random ports, a working emulator, and nothing left behind on dispose.
/// Not in the Azurite collection: it starts and stops its own instances.</summary>
public sealed class AzuriteFixtureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Serves_on_os_chosen_ports_and_leaves_nothing_behind()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        int pid, port;
        string folder;
        try
        {
            output.WriteLine($"Azurite started in {azurite.StartupTime.TotalMilliseconds:0} ms: blob {azurite.BlobPort}, queue {azurite.QueuePort}, table {azurite.TablePort}");
            (pid, port, folder) = (azurite.ProcessId, azurite.TablePort, azurite.WorkingDirectory);
            Assert.Equal(3, new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Distinct().Count());
            Assert.All([azurite.BlobPort, azurite.QueuePort, azurite.TablePort], p => Assert.True(p is not (10000 or 10001 or 10002), "a fixed default port"));
            Assert.Contains($"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1", azurite.ConnectionString, StringComparison.Ordinal);

            var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("probe");
            await table.CreateIfNotExistsAsync();
            await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
            Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("V"));
            Assert.True(CanConnect(port));
        }
        finally
        {
            await azurite.DisposeAsync();
        }

        Assert.True(IsGone(pid), $"azurite process {pid} still runs after dispose");
        Assert.False(CanConnect(port), $"something still listens on {port} after dispose");
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_start_that_times_out_says_so_and_leaves_nothing_running()
    {
        var azurite = new AzuriteFixture { StartupTimeout = TimeSpan.FromMilliseconds(1) };

        var ex = await Assert.ThrowsAsync<TimeoutException>(azurite.InitializeAsync);

        Assert.Contains("Azurite's blob, queue and table services listening", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Output so far", ex.Message, StringComparison.Ordinal);
        Assert.True(IsGone(azurite.ProcessId));
        Assert.False(Directory.Exists(azurite.WorkingDirectory));
        await azurite.DisposeAsync(); // a runner that disposes anyway must not fail
    }

    [Fact]
    public async Task Child_processes_are_killed_with_their_whole_tree()
    {
        // node starts a grandchild that would outlive a plain Kill() of its parent.
        const string Script = "const c=require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});"
            + "console.log('grandchild '+c.pid);setInterval(()=>{},1000);";
        var child = ChildProcess.Start("node", ["-e", Script], Path.GetTempPath());
        int grandchild;
        try
        {
            await child.WaitForOutputAsync(lines => lines.Any(l => l.StartsWith("grandchild ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the grandchild's pid");
            grandchild = int.Parse(child.Output.Split(' ')[1], CultureInfo.InvariantCulture);
            Assert.False(IsGone(grandchild));
        }
        finally
        {
            await child.DisposeAsync();
        }

        Assert.True(IsGone(child.Id));
        await WaitUntil(() => IsGone(grandchild), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Waiting_for_output_that_never_comes_reports_what_was_printed()
    {
        await using var child = ChildProcess.Start("node", ["-e", "console.log('hello from the child')"], Path.GetTempPath());
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => child.WaitForOutputAsync(lines => lines.Contains("never"), TimeSpan.FromSeconds(30), "the word never"));
        Assert.Contains("hello from the child", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 0", ex.Message, StringComparison.Ordinal);
    }

    private static bool CanConnect(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Exited, or a zombie (a reparented grandchild whose new parent has not reaped it yet).</summary>
    private static bool IsGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return true;
            }
        }
        catch (ArgumentException)
        {
            return true;
        }

        var stat = $"/proc/{pid}/stat";
        return OperatingSystem.IsLinux() && (!File.Exists(stat) || File.ReadAllText(stat).Split(") ")[^1].StartsWith('Z'));
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"not true within {timeout}");
            await Task.Delay(50);
        }
    }
}
