namespace SkyHedge.Cli.Tests.Admin;

/// <summary>A temp folder for a test's spec and JSON files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("skyhedge-cli-admin-").FullName;

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> here; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
