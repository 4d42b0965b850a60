using System.CommandLine;
using System.Globalization;
using SkyHedge.Cli.Output;

namespace SkyHedge.Cli.Admin;

/// <summary>
/// Builds an admin-client verb: adds the options every one has (<c>--endpoint</c>, <c>--api-key</c>,
/// <c>--timeout</c>, <c>--json [FILE]</c>), resolves them (flag, then environment, then default), runs the verb's body
/// with an <see cref="AdminClient"/> and turns any <see cref="CliFailure"/> into one stderr line and its exit code.
/// </summary>
internal static class AdminVerb
{
    public const string DefaultEndpoint = "http://127.0.0.1:7071";
    public const string EndpointVariable = "SKYHEDGE_ENDPOINT";
    public const string ApiKeyVariable = "SKYHEDGE_API_KEY";
    public const double DefaultTimeoutSeconds = 30;

    /// <param name="symbols">The verb's own arguments and options.</param>
    /// <param name="body">Does the work; throws <see cref="CliFailure"/> to fail. Success exits 0.</param>
    public static Command Create(
        string name, string description, TextWriter stdout, TextWriter stderr, IEnumerable<Symbol> symbols, Func<AdminCall, Task> body)
    {
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = $"The admin API: a local stack or a deployed Functions app, with or without /api. Default: ${EndpointVariable}, else {DefaultEndpoint}.",
            HelpName = "URL",
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"An admin-scope API key, sent as 'Authorization: Bearer KEY'. Default: ${ApiKeyVariable}.",
            HelpName = "KEY",
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for each answer of the admin API.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => DefaultTimeoutSeconds,
        };
        var json = new Option<string?>("--json")
        {
            Description = "Write the admin API's JSON answer: to stdout alone (no value; everything else goes to stderr) or to FILE (with an extension or a folder, e.g. out.json).",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrOne,
        };

        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        command.Options.Add(endpoint);
        command.Options.Add(apiKey);
        command.Options.Add(timeout);
        command.Options.Add(json);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var jsonWanted = parse.GetResult(json) is not null;
            var jsonFile = parse.GetValue(json);
            var human = jsonWanted && string.IsNullOrEmpty(jsonFile) ? stderr : stdout;
            try
            {
                if (jsonFile is { Length: > 0 } && !LooksLikeFile(jsonFile))
                {
                    // --json takes an optional value, so `status --json llm` would write the list to a file named llm.
                    throw new CliFailure(
                        ExitCodes.Usage, $"--json {jsonFile}: FILE needs an extension or a folder (e.g. {jsonFile}.json); for JSON on stdout put --json after the arguments");
                }

                var typed = parse.GetValue(endpoint);
                var apiBase = AdminClient.ApiBaseOf(typed ?? Variable(EndpointVariable) ?? DefaultEndpoint);
                var key = parse.GetValue(apiKey) ?? Variable(ApiKeyVariable)
                    ?? throw new CliFailure(ExitCodes.Usage, $"no admin API key: pass --api-key KEY or set {ApiKeyVariable}");
                var seconds = parse.GetValue(timeout);
                if (!double.IsFinite(seconds) || seconds <= 0 || seconds > int.MaxValue / 1000)
                {
                    throw new CliFailure(ExitCodes.Usage, $"--timeout: expected a positive number of seconds, got {seconds.ToString(CultureInfo.InvariantCulture)}");
                }

                using var client = new AdminClient(apiBase, key, TimeSpan.FromSeconds(seconds));
                var connectionArgs = typed is null ? string.Empty : $" --endpoint {typed}";
                await body(new AdminCall(parse, client, human, text => Emit(text, jsonWanted, jsonFile, stdout), connectionArgs, cancellationToken))
                    .ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (CliFailure failure)
            {
                stderr.WriteLine($"skyhedge: {failure.Message}");
                return failure.ExitCode;
            }
        });
        return command;
    }

    private static void Emit(string text, bool wanted, string? file, TextWriter stdout)
    {
        if (!wanted)
        {
            return;
        }

        try
        {
            JsonOutput.WriteText(text, file, stdout);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliFailure(ExitCodes.Usage, $"--json {file}: {AdminClient.OneLine(ex.Message)}", ex);
        }
    }

    private static bool LooksLikeFile(string path) =>
        Path.HasExtension(path) || path.Contains('/', StringComparison.Ordinal) || path.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
