using Microsoft.Extensions.Logging;

namespace SkyHedge.Emulator.Hosting;

/// <summary>Logs one plain line per message to a <see cref="TextWriter"/> (stderr, or the <c>skyhedge</c> CLI's own
/// error stream). Plain and synchronous on purpose: stdout carries only the <c>listening on</c> line a parent
/// process parses, and the console logger's background queue could lose the last lines at exit.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly TextWriter _writer = TextWriter.Synchronized(writer);

    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(_writer);

    public void Dispose() => _writer.Flush();
}
