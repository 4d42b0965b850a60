using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkyHedge.Cli.Output;

/// <summary>Machine-readable results: snake_case keys, stable order, no timings, so the same inputs give
/// byte-identical JSON.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Implements <c>--json [FILE]</c>: no value = JSON alone on stdout; a value = written to FILE.</summary>
    public static void Write<T>(T value, string? file, TextWriter stdout) => WriteText(JsonSerializer.Serialize(value, Options), file, stdout);

    /// <summary><c>--json [FILE]</c> for JSON text as it is (the admin verbs pass the API's answers through).</summary>
    public static void WriteText(string json, string? file, TextWriter stdout)
    {
        json = json.EndsWith('\n') ? json : json + "\n";
        if (string.IsNullOrEmpty(file))
        {
            stdout.Write(json);
            return;
        }

        OutputFile.EnsureFolder(file);

        // Write then move, so a failure never leaves half a file behind.
        var tmp = file + ".tmp";
        File.WriteAllText(tmp, json);
        File.Move(tmp, file, overwrite: true);
    }
}
