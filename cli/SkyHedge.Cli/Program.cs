using System.CommandLine;
using System.CommandLine.Invocation;
using SkyHedge.Cli.Admin;
using SkyHedge.Cli.Commands;

namespace SkyHedge.Cli;

/// <summary>The <c>skyhedge</c> command.</summary>
/// <remarks>Exit codes: 0 success; 1 the admin API answered with an error; 2 bad usage or input (including any
/// command-line parse error); 3 the admin API could not be reached; 130 interrupted. See <see cref="ExitCodes"/>.</remarks>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the CLI with the given streams (tests call this in process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("SkyHedge: serve AI models on spot GPUs across zones, regions and clouds.");
        foreach (var verb in Verbs(stdout, stderr))
        {
            root.Subcommands.Add(verb);
        }

        // Ctrl+C or SIGTERM cancels the verb's token; it then has this long to finish before Main returns anyway.
        // Longer than `local up`'s own 10 s stop budget, so an orderly stop is never cut short.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        var parse = root.Parse(args);

        // Invoked asynchronously (and waited for here) so Ctrl+C cancels the admin verbs' requests.
        var code = parse.InvokeAsync(config).GetAwaiter().GetResult();
        return parse.Action is ParseErrorAction ? ExitCodes.Usage : code;
    }

    /// <summary>Every verb, in the order help lists them. Add a verb here.</summary>
    private static IEnumerable<Command> Verbs(TextWriter stdout, TextWriter stderr) =>
    [
        SimulateCommand.Create(stdout, stderr),
        PlanCommand.Create(stdout, stderr),
        UpCommand.Create(stdout, stderr),
        StatusCommand.Create(stdout, stderr),
        UpdateCommand.Create(stdout, stderr),
        DownCommand.Create(stdout, stderr),
        ReplicasCommand.Create(stdout, stderr),
        LogsCommand.Create(stdout, stderr),
        LocalCommand.Create(stdout, stderr),
        EmulateCommand.Create(stdout, stderr),
    ];
}
