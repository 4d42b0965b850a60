using System.Diagnostics;
using System.Globalization;
using SkyHedge.LocalHost.Processes;
using SkyHedge.Testing;
using Xunit.Abstractions;

namespace SkyHedge.Cli.Tests.Local;

/// <summary><c>skyhedge local up</c> as users run it, in its own process, stopped the two ways users stop it:
/// <c>kill</c> (SIGTERM to the process) and Ctrl+C in a terminal (SIGINT to its whole process group, emulators
/// included). Either way it stops in order, exits 0 within the 10 s it promises, and leaves no process behind.</summary>
public sealed class LocalUpSignalTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("TERM", false)]
    [InlineData("INT", true)]
    public async Task A_signal_stops_the_stack_in_order_and_leaves_no_process(string signal, bool wholeGroup)
    {
        await using var run = await StartServingAsync();
        try
        {
            var descendants = Descendants(run.Id);
            Assert.NotEmpty(descendants); // Azurite and the emulators

            var clock = Stopwatch.StartNew();
            Signal(signal, wholeGroup ? $"-{run.Id}" : run.Id.ToString(CultureInfo.InvariantCulture));
            var code = await run.WaitForExitAsync(TimeSpan.FromSeconds(15));
            output.WriteLine($"SIG{signal}: exit {code} after {clock.Elapsed.TotalSeconds:0.0} s; {descendants.Count} descendants before");

            Assert.Equal(0, code);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Contains("stopping: replicas, control plane, router, storage", run.Output, StringComparison.Ordinal);
            Assert.Contains("stopped in", run.Output, StringComparison.Ordinal);
            Assert.True(await AllExitedAsync(descendants, TimeSpan.FromSeconds(5)), "a child process outlived the stack");
        }
        finally
        {
            Delete(Path.Combine(Path.GetTempPath(), "skyhedge-local", run.Id.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>SIGKILL gives no chance to clean up; the children notice their parent is gone (their stdin pipe
    /// closes) and stop themselves, so even then nothing is left running.</summary>
    [Fact]
    public async Task Even_a_SIGKILL_leaves_no_process_behind()
    {
        await using var run = await StartServingAsync();
        try
        {
            var descendants = Descendants(run.Id);
            Assert.NotEmpty(descendants);

            Signal("KILL", run.Id.ToString(CultureInfo.InvariantCulture));
            await run.WaitForExitAsync(TimeSpan.FromSeconds(15));

            // Emulators drain for their grace period first (5 s locally).
            var clock = Stopwatch.StartNew();
            var gone = await AllExitedAsync(descendants, TimeSpan.FromSeconds(20));
            output.WriteLine($"{descendants.Count} descendants gone {clock.Elapsed.TotalSeconds:0.0} s after the kill");
            Assert.True(gone, "a child process outlived the killed stack");
        }
        finally
        {
            Delete(Path.Combine(Path.GetTempPath(), "skyhedge-local", run.Id.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Starts <c>local up</c> on the example spec and waits until a replica is Ready. <c>--duration</c> is
    /// only a safety net: a stack that ignored its signal still ends (and the test fails on time).</summary>
    private static async Task<ChildProcess> StartServingAsync()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "skyhedge.dll");
        var run = ChildProcess.Start(
            "dotnet", [cli, "local", "up", RepoRoot.Combine("examples", "llama2-7b.yaml"), "--ports", "auto", "--duration", "120"], AppContext.BaseDirectory);
        try
        {
            await run.WaitForOutputAsync(lines => lines.Any(l => l.Contains(" Ready ", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), "a Ready replica in the status table");
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            Delete(Path.Combine(Path.GetTempPath(), "skyhedge-local", run.Id.ToString(CultureInfo.InvariantCulture)));
            throw;
        }
    }

    /// <summary>Waits for every process in <paramref name="pids"/> to exit; false if one is still running at the
    /// timeout.</summary>
    private static async Task<bool> AllExitedAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            foreach (var pid in pids)
            {
                Process process;
                try
                {
                    process = Process.GetProcessById(pid);
                }
                catch (ArgumentException)
                {
                    continue; // already gone
                }

                using (process)
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
            }

            // And really gone from the process table, not just reported exited.
            return pids.All(pid => !Directory.Exists($"/proc/{pid}"));
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Signal(string signal, string target)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", "--", target } })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Every live process below <paramref name="root"/>, from the parent ids in /proc.</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // it ended while we looked
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    private static void Delete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
