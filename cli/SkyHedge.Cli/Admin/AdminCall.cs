using System.CommandLine;

namespace SkyHedge.Cli.Admin;

/// <summary>What an admin verb's body gets: its parse result, the client, where human output goes and how to emit
/// its JSON (see <see cref="AdminVerb"/>).</summary>
internal sealed class AdminCall(ParseResult parse, AdminClient client, TextWriter human, Action<string> json, string connectionArgs, CancellationToken cancellationToken)
{
    public ParseResult Parse { get; } = parse;

    public AdminClient Client { get; } = client;

    /// <summary>Tables and messages: stdout, or stderr when <c>--json</c> without a value owns stdout.</summary>
    public TextWriter Out { get; } = human;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Emits the verb's machine-readable result for <c>--json [FILE]</c>; does nothing without
    /// <c>--json</c>.</summary>
    public void Json(string text) => json(text);

    /// <summary>A follow-up command line for the user, with the <c>--endpoint</c> they typed, e.g. <c>skyhedge status
    /// llm --endpoint https://x</c> (never the key).</summary>
    public string Follow(string verbAndArguments) => $"skyhedge {verbAndArguments}{connectionArgs}";
}
