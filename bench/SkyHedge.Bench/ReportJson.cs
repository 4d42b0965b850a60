using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkyHedge.Bench;

/// <summary><c>--json FILE</c>: the same numbers as the tables, snake_case like the CLI's JSON.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(BenchReport report, string file)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        // Write then move, so an interrupted run never leaves half a file where the last good one was.
        var tmp = file + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(report, Options) + "\n");
        File.Move(tmp, file, overwrite: true);
    }
}
