using SkyHedge.Core.Spec;

namespace SkyHedge.Cli.Admin;

/// <summary>Reads and validates a service spec file before anything is sent, so mistakes point at the user's own
/// file (<c>llm.yaml:3:5: …</c>) and cost no round trip. The API validates again with the same parser.</summary>
internal static class SpecFile
{
    /// <returns>The text to send, as written, and the service name it declares.</returns>
    /// <exception cref="CliFailure">Missing, unreadable or invalid (<see cref="ExitCodes.Usage"/>), with every
    /// problem's position on the one line.</exception>
    public static (string Yaml, string Name) Read(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliFailure(ExitCodes.Usage, $"spec file '{path}' does not exist", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliFailure(ExitCodes.Usage, $"cannot read spec file '{path}': {AdminClient.OneLine(ex.Message)}", ex);
        }

        if (!ServiceSpecParser.TryParse(yaml, path, out var spec, out var errors))
        {
            var all = errors.Count == 0 ? [$"{path}: not a valid service spec"] : errors.Select(e => AdminClient.OneLine(e.ToString()));
            throw new CliFailure(ExitCodes.Usage, $"invalid spec: {string.Join("; ", all)}");
        }

        return (yaml, spec!.Name);
    }
}
