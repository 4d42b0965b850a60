using System.Globalization;

namespace SkyHedge.Emulator;

/// <summary>Parses <c>skyhedge-emulator</c>'s flags (<c>--flag value</c> or <c>--flag=value</c>) into
/// <see cref="EmulatorOptions"/>. Hand-written rather than System.CommandLine so the <c>skyhedge</c> CLI can pass its
/// <c>emulate</c> arguments straight through without the two parsers disagreeing.</summary>
internal static class CommandLine
{
    /// <summary>Null when <c>--help</c> was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown flag, a missing or malformed value; the message names the flag.</exception>
    public static EmulatorOptions? Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new EmulatorOptions { Token = NonEmpty(environment(EmulatorOptions.TokenVariable)) };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                return null;
            }

            if (arg == "--exit-with-stdin")
            {
                options = options with { ExitWithStdin = true };
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            string Value()
            {
                if (equals > 0 && flag.Length == equals)
                {
                    return arg[(equals + 1)..];
                }

                return ++i < args.Count ? args[i] : throw new ArgumentException($"{flag}: expected a value after it.");
            }

            options = flag switch
            {
                "--gpu" => options with { Gpu = Value() },
                "--host" => options with { Host = Value() },
                "--port" => options with { Port = Integer(flag, Value()) },
                "--model" => options with { Model = Value() },
                // An explicit flag beats the environment; the help text steers users to the environment variable.
                "--token" => options with { Token = Value() },
                "--warmup-seconds" => options with { Warmup = Seconds(flag, Value()) },
                "--grace-seconds" => options with { Grace = Seconds(flag, Value()) },
                "--time-scale" => options with { TimeScale = Number(flag, Value()) },
                _ => throw new ArgumentException($"unknown argument '{arg}'."),
            };
        }

        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int Integer(string flag, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{flag}: expected a whole number, got '{text}'.");

    private static double Number(string flag, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{flag}: expected a number, got '{text}'.");

    private static TimeSpan Seconds(string flag, string text)
    {
        var seconds = Number(flag, text);
        return seconds is >= 0 and <= 86_400 * 365
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{flag}: expected 0 or more seconds, got '{text}'.");
    }
}
