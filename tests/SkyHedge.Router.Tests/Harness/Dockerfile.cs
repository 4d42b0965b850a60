using System.Text;
using System.Text.RegularExpressions;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>
/// A Dockerfile read the way the builder reads it, for what this repository's Dockerfiles use: comments,
/// backslash continuations, stages, <c>--name=value</c> flags, <c>$VAR</c>/<c>${VAR}</c> substitution, ARG and ENV.
/// Parser directives, heredocs and other escape characters are not supported (the Dockerfiles here avoid them, as
/// ACR Tasks' builder does not accept everything BuildKit does).
/// </summary>
internal sealed partial class Dockerfile
{
    private static readonly HashSet<string> FlaggedKeywords = ["FROM", "COPY", "ADD", "RUN"];

    private Dockerfile(IReadOnlyDictionary<string, string> globalArgs, IReadOnlyList<DockerStage> stages)
    {
        GlobalArgs = globalArgs;
        Stages = stages;
    }

    /// <summary>ARGs declared before the first FROM, with their defaults (they may be used in FROM lines).</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The stage the image is made of.</summary>
    public DockerStage Final => Stages[^1];

    /// <exception cref="InvalidDataException">Not a Dockerfile this reader understands; the message says where.</exception>
    public static Dockerfile Load(string path)
    {
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        (int Line, string Image, string? Name) from = (0, string.Empty, null);
        foreach (var instruction in Read(File.ReadAllLines(path)))
        {
            if (instruction.Keyword == "FROM")
            {
                Close();
                var words = instruction.Words(globals);
                from = words.Count switch
                {
                    1 => (instruction.Line, words[0], null),
                    3 when words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) => (instruction.Line, words[0], words[2]),
                    _ => throw new InvalidDataException($"{instruction}: expected FROM image [AS name]."),
                };
                current = [];
            }
            else if (current is not null)
            {
                current.Add(instruction);
            }
            else if (instruction.Keyword == "ARG")
            {
                var (name, value) = ParseArg(instruction);
                globals[name] = value ?? string.Empty;
            }
            else
            {
                throw new InvalidDataException($"{instruction}: only ARG may come before the first FROM.");
            }
        }

        Close();
        return stages.Count > 0 ? new Dockerfile(globals, stages) : throw new InvalidDataException($"{path}: no FROM.");

        void Close()
        {
            if (current is not null)
            {
                stages.Add(new DockerStage(stages.Count, from.Line, from.Image, from.Name, current));
            }
        }
    }

    /// <summary><c>$NAME</c> and <c>${NAME}</c> replaced by their values; an unset name becomes empty, as in Docker.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables) =>
        VariablePattern().Replace(text, m => variables.GetValueOrDefault(m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value, string.Empty));

    /// <summary><c>ARG NAME[=default]</c>.</summary>
    public static (string Name, string? Default) ParseArg(DockerInstruction instruction)
    {
        var text = instruction.Arguments.Trim();
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? text : text[..equals];
        return name.Length > 0 && !name.Any(char.IsWhiteSpace)
            ? (name, equals < 0 ? null : Unquote(text[(equals + 1)..]))
            : throw new InvalidDataException($"{instruction}: expected ARG NAME[=default].");
    }

    /// <summary><c>ENV K=V [K2=V2 …]</c> (values may be empty or double-quoted) or the legacy <c>ENV K V</c>.</summary>
    public static IReadOnlyList<(string Name, string Value)> ParseEnv(DockerInstruction instruction, IReadOnlyDictionary<string, string> variables)
    {
        var words = instruction.Arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw new InvalidDataException($"{instruction}: expected ENV NAME=value.");
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            return [(words[0], Expand(string.Join(' ', words.Skip(1)), variables))];
        }

        return words.Select(word =>
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            return equals > 0
                ? (word[..equals], Expand(Unquote(word[(equals + 1)..]), variables))
                : throw new InvalidDataException($"{instruction}: '{word}' is not NAME=value.");
        }).ToList();
    }

    private static IEnumerable<DockerInstruction> Read(string[] lines)
    {
        var text = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();

            // Comments and blank lines end nothing: the builder drops them, even inside a continuation.
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (text.Length == 0)
            {
                start = i + 1;
            }

            if (line.EndsWith('\\'))
            {
                text.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continue;
            }

            text.Append(line);
            yield return Parse(start, text.ToString());
            text.Clear();
        }

        if (text.Length > 0)
        {
            yield return Parse(start, text.ToString().TrimEnd());
        }
    }

    private static DockerInstruction Parse(int line, string text)
    {
        var space = text.IndexOfAny([' ', '\t']);
        var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
        var rest = space < 0 ? string.Empty : text[(space + 1)..].Trim();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (FlaggedKeywords.Contains(keyword) && rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            var flag = end < 0 ? rest[2..] : rest[2..end];
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            flags[equals < 0 ? flag : flag[..equals]] = equals < 0 ? "true" : flag[(equals + 1)..];
            rest = end < 0 ? string.Empty : rest[end..].TrimStart();
        }

        return new DockerInstruction(line, keyword, flags, rest);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?<bare>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariablePattern();
}
