namespace SkyHedge.Cli.Tests.Admin;

/// <summary>One in-process run of the CLI.</summary>
internal sealed record CliResult(int Code, string Out, string Err)
{
    /// <summary>The non-empty lines written to stderr.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
