using System.Diagnostics;

namespace SkyHedge.Bench;

/// <summary>Times whole <c>skyhedge simulate</c> processes: what a user waits for, start-up and JIT included.</summary>
internal static class CliProcess
{
    public static Timed<int> Time(string cli, IReadOnlyList<string> arguments, int runs)
    {
        var seconds = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            RunOnce(cli, arguments);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return new Timed<int>(seconds, 0);
    }

    private static void RunOnce(string cli, IReadOnlyList<string> arguments)
    {
        var viaDotnet = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(viaDotnet ? "dotnet" : cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaDotnet)
        {
            start.ArgumentList.Add(cli);
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cli}");

        // Drain both pipes concurrently: the progress lines on stderr would otherwise fill the pipe and block it.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{cli} exited with {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }
    }
}
