using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SkyHedge.Clouds.Local;

/// <summary>
/// One emulator process: started with its output appended line by line to the replica's log file, watched for its
/// <c>listening on URL</c> line, asked to stop with SIGTERM and killed (with any children) when it must go.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private const string ListeningPrefix = "listening on ";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _logClosed;

    private EmulatorProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id { get; private set; }

    /// <summary>Completes with the URL of the <c>listening on</c> line; faults when stdout ends without it.</summary>
    public Task<string> Listening => _listening.Task;

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>Starts the process.</summary>
    /// <exception cref="Win32Exception">The program does not exist or cannot be run.</exception>
    public static EmulatorProcess Start(EmulatorCommand command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var info = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = Path.GetDirectoryName(logPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Arguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        // Readable (and deletable) while it is written, so `skyhedge logs` can follow it.
        var stream = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var log = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var emulator = new EmulatorProcess(process, log);
        process.OutputDataReceived += (_, e) => emulator.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => emulator.OnLine(e.Data, stdout: false);
        emulator.Note($"starting: {string.Join(' ', [info.FileName, .. info.ArgumentList])}");
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            emulator.Note($"could not start: {e.Message}");
            emulator.Dispose();
            throw;
        }

        emulator.Id = process.Id;
        emulator.Note($"started, pid {process.Id}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return emulator;
    }

    /// <summary>Appends a line of our own to the log (prefixed, timestamped), e.g. a notice or a kill.</summary>
    public void Note(string message) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"[local-cloud {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}] {message}"));

    /// <summary>Asks the process to stop (SIGTERM); kills it where signals do not exist. Safe when it is gone.</summary>
    public void Terminate()
    {
        if (HasExited)
        {
            return;
        }

        if (!PosixSignals.TryTerminate(Id))
        {
            Kill();
        }
    }

    /// <summary>Kills the process and its descendants at once. Safe to repeat and when it is gone.</summary>
    public void Kill()
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
            // Exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // A descendant vanished while the tree was walked; the rest was killed.
        }
    }

    /// <summary>Waits (real time) for the process to exit; true when it has.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>The exit code, or null while it runs.</summary>
    public int? ExitCode => HasExited ? SafeExitCode() : null;

    public void Dispose()
    {
        lock (_logGate)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    private int? SafeExitCode()
    {
        try
        {
            return _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            if (stdout)
            {
                _listening.TrySetException(new InvalidOperationException("the emulator's output ended without a 'listening on' line"));
            }

            return;
        }

        Write(line);
        if (stdout && line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
            && Uri.TryCreate(line[ListeningPrefix.Length..].Trim(), UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            _listening.TrySetResult(url.GetLeftPart(UriPartial.Authority));
        }
    }

    private void Write(string line)
    {
        lock (_logGate)
        {
            if (!_logClosed)
            {
                try
                {
                    _log.WriteLine(line);
                }
                catch (IOException)
                {
                    // A full disk must not take the replica down with it; the log is best effort.
                }
            }
        }
    }
}
