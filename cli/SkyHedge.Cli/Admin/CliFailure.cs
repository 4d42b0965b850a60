namespace SkyHedge.Cli.Admin;

/// <summary>A failure the verb reports as one line, <c>skyhedge: MESSAGE</c>, and exits with
/// <see cref="ExitCode"/> (one of <see cref="ExitCodes"/>).</summary>
internal sealed class CliFailure(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
