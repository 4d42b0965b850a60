using System.CommandLine;
using SkyHedge.Emulator;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge emulate --gpu A10G --port N …</c>: runs the OpenAI-compatible model-server emulator in this
/// process, exactly as the local cloud's replicas run <c>skyhedge-emulator</c> (same options, passed through).</summary>
internal static class EmulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command(
            "emulate",
            "Run the model-server emulator (OpenAI-compatible, timed from the GPU's published specs). Options: --gpu GPU, --port N, "
            + "--host HOST, --model NAME, --token TOKEN (or $SKYHEDGE_REPLICA_TOKEN), --warmup-seconds S, --grace-seconds G, "
            + "--time-scale X. `skyhedge emulate --options` lists them in full.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            // `--options` is the emulator's own help: System.CommandLine keeps `--help` for this command's summary.
            var args = parse.UnmatchedTokens.Select(t => t == "--options" ? "--help" : t).ToArray();
            return EmulatorApp.RunAsync(args, stdout, stderr, null, cancellationToken);
        });
        return command;
    }
}
