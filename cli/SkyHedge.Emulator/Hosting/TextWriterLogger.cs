using Microsoft.Extensions.Logging;

namespace SkyHedge.Emulator.Hosting;

/// <summary>One line per message: <c>skyhedge-emulator: LEVEL: message</c>, plus the exception's message.</summary>
internal sealed class TextWriterLogger(TextWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var level = logLevel switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warning",
            LogLevel.Error => "error",
            _ => "critical",
        };
        var text = formatter(state, exception);
        try
        {
            writer.WriteLine(exception is null ? $"skyhedge-emulator: {level}: {text}" : $"skyhedge-emulator: {level}: {text} ({exception.GetType().Name}: {exception.Message})");
            writer.Flush();
        }
        catch (ObjectDisposedException)
        {
            // The host's writer is gone (a late timer after the host disposed it); a log line is not worth a crash.
        }
    }
}
