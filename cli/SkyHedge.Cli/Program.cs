using System.CommandLine;
using SkyHedge.Cli.Commands;

namespace SkyHedge.Cli;

/// <summary>The <c>skyhedge</c> command.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the CLI with the given streams (tests call this in process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("SkyHedge: serve AI models on spot GPUs across zones, regions and clouds.")
        {
            SimulateCommand.Create(stdout, stderr),
        };
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
