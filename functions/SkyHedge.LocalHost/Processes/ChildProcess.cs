using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SkyHedge.LocalHost.Processes;

/// <summary>
/// A helper process owned by a test fixture: starts it, captures stdout and stderr line by line, lets the fixture
/// wait for what it prints, and kills the whole process tree on dispose (a tool started through a wrapper script
/// must not outlive the fixture through its grandchildren).
/// </summary>
/// <remarks>Live children are also killed when the test host exits normally without disposing them, so an
/// aborted test run does not leave emulators listening.</remarks>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();
    private static int _exitHookInstalled;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<IReadOnlyList<string>, bool> Condition, string What, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();
    private int _openStreams = 2;
    private int _disposed;

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The operating-system process id.</summary>
    public int Id { get; private set; }

    /// <summary>The command line, for error messages.</summary>
    public string CommandLine { get; private set; } = string.Empty;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything printed so far (stdout and stderr interleaved as received), one line each.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> in
    /// <paramref name="workingDirectory"/>, capturing its output.</summary>
    /// <exception cref="Win32Exception">The executable was not found or could not be started.</exception>
    public static ChildProcess Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var given = arguments.ToList();
        var info = new ProcessStartInfo(OwnSession is null ? fileName : OwnSession)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (OwnSession is not null)
        {
            // A terminal's Ctrl+C signals its whole foreground process group: in their own session the children
            // (Azurite above all) keep serving until we stop them, in order. setsid runs the program in place, so
            // the process id is the program's; resolving it first keeps "not found" a Win32Exception.
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add(Resolve(fileName));
        }

        foreach (var argument in given)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process) { CommandLine = $"{fileName} {string.Join(' ', given)}" };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        child.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        InstallExitHook();
        Live[child] = 0;
        return child;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the lines printed so far.</summary>
    /// <param name="condition">Evaluated after every new line (under a lock: keep it cheap and pure).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="what">What is awaited, for the error message.</param>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/>; the message holds the output.</exception>
    /// <exception cref="InvalidOperationException">The process ended first; the message holds the output.</exception>
    public async Task WaitForOutputAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool ended;
        lock (_gate)
        {
            if (condition(_lines))
            {
                return;
            }

            ended = _openStreams == 0;
            if (!ended)
            {
                _waiters.Add((condition, what, done));
            }
        }

        if (ended)
        {
            await FailAfterExitAsync([(condition, what, done)]).ConfigureAwait(false);
        }

        try
        {
            await done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: not seen within {timeout.TotalSeconds:0} s from `{CommandLine}`. Output so far:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    /// <exception cref="TimeoutException">Still running after <paramref name="timeout"/> (it keeps running).</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"`{CommandLine}` still running after {timeout.TotalSeconds:0} s. Output so far:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process and every descendant, then waits (briefly) until it is gone. Safe to repeat.</summary>
    public async Task KillTreeAsync()
    {
        KillTreeNow();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported by the caller's own checks (a fixture test asserts the process is gone); disposing must not throw.
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await KillTreeAsync().ConfigureAwait(false);
        Live.TryRemove(this, out _);
        _process.Dispose();
    }

    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var child in Live.Keys)
                {
                    child.KillTreeNow();
                }
            };
        }
    }

    private void KillTreeNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill: nothing left to do.
        }
        catch (Win32Exception)
        {
            // A descendant vanished while the tree was walked; the rest was killed.
        }
    }

    /// <summary>util-linux <c>setsid</c> where there is one (Linux), else null: children then share our group.</summary>
    private static readonly string? OwnSession =
        OperatingSystem.IsLinux() ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) : null;

    private static string Resolve(string fileName)
    {
        if (fileName.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return fileName;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, fileName))
            .FirstOrDefault(File.Exists)
            ?? throw new Win32Exception(2, $"`{fileName}` was not found on PATH.");
    }

    private void OnLine(string? line)
    {
        List<(Func<IReadOnlyList<string>, bool> Condition, string What, TaskCompletionSource Done)> unmet = [];
        lock (_gate)
        {
            if (line is null)
            {
                _openStreams--;
            }
            else
            {
                _lines.Add(line);
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(_lines))
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }

            if (_openStreams == 0)
            {
                unmet.AddRange(_waiters);
                _waiters.Clear();
            }
        }

        if (unmet.Count > 0)
        {
            _ = FailAfterExitAsync(unmet);
        }
    }

    /// <summary>Output ended without what the waiters wanted. The streams close a moment before the exit is
    /// observable, so wait (briefly) for it: the exit code is the most useful part of the message.</summary>
    private async Task FailAfterExitAsync(List<(Func<IReadOnlyList<string>, bool> Condition, string What, TaskCompletionSource Done)> waiters)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Report without the exit code.
        }

        foreach (var (_, what, done) in waiters)
        {
            done.TrySetException(Ended(what));
        }
    }

    private InvalidOperationException Ended(string what)
    {
        var code = _process.HasExited ? $" with exit code {_process.ExitCode}" : string.Empty;
        return new InvalidOperationException($"`{CommandLine}` ended{code} before {what}. Output:{Environment.NewLine}{Output}");
    }
}
