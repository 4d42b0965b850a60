using System.Text.Encodings.Web;
using System.Text.Json;

namespace SkyHedge.Cli.Admin;

/// <summary>Reads the admin API's JSON (snake_case) into the CLI's records, strictly: a missing field or a null
/// where a value belongs is a malformed answer, reported as such rather than shown as blanks.</summary>
internal static class AdminViews
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <exception cref="CliFailure">The JSON does not have the expected shape (<see cref="ExitCodes.ApiError"/>).</exception>
    public static T Read<T>(AdminReply reply, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(reply.Body, Options) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new CliFailure(ExitCodes.ApiError, $"the admin API's {what} is not in the expected shape: {AdminClient.OneLine(ex.Message)}", ex);
        }
    }
}
