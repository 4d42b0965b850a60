using System.Text.Json;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>One Dockerfile instruction: its keyword (upper case), its leading <c>--name=value</c> flags and the rest,
/// continuation lines joined.</summary>
internal sealed record DockerInstruction(int Line, string Keyword, IReadOnlyDictionary<string, string> Flags, string Arguments)
{
    /// <summary>The arguments split on white space (shell form; the Dockerfiles here quote nothing).</summary>
    public IReadOnlyList<string> Words(IReadOnlyDictionary<string, string> variables) =>
        Dockerfile.Expand(Arguments, variables).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The exec form (<c>["dotnet", "app.dll"]</c>), or null for the shell form.</summary>
    /// <exception cref="InvalidDataException">It starts like a JSON array but is not one of strings.</exception>
    public IReadOnlyList<string>? ExecForm()
    {
        if (!Arguments.StartsWith('['))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(Arguments);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"line {Line}: {Keyword} {Arguments}: not a JSON array of strings ({ex.Message}).", ex);
        }
    }

    public override string ToString() => $"line {Line}: {Keyword} {string.Concat(Flags.Select(f => $"--{f.Key}={f.Value} "))}{Arguments}";
}
