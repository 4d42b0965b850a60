namespace SkyHedge.Cli.Tests.Admin;

/// <summary>Runs <c>skyhedge</c> in process and captures its streams.</summary>
internal static class Cli
{
    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
